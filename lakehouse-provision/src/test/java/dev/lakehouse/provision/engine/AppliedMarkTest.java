package dev.lakehouse.provision.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakehouse.provision.engine.AppliedMark.Cause;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppliedMarkTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static JsonNode marked(String spec, String markOf) {
    JsonNode node = json(spec);
    ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("tags"))
        .put("lakehouse:applied", AppliedMark.of(json(markOf)));
    return node;
  }

  @Test
  void theMarkIsADigestOfTheSpecWithoutItselfAndWithoutKeyOrder() {
    String mark = AppliedMark.of(json("{'name':'a','days':30,'tags':{'Owner':'x','lakehouse:env':'dev'}}"));
    assertThat(mark).matches("[0-9a-f]{16} Owner");
    assertThat(AppliedMark.of(json("{'tags':{'lakehouse:env':'dev','Owner':'x'},'days':30,'name':'a'}")))
        .isEqualTo(mark);
    assertThat(AppliedMark.of(json("{'name':'a','days':30,'tags':{'Owner':'x','lakehouse:env':'dev',"
        + "'lakehouse:applied':'0123456789abcdef'}}"))).isEqualTo(mark);
    assertThat(AppliedMark.of(json("{'name':'a','days':45,'tags':{'Owner':'x','lakehouse:env':'dev'}}")))
        .isNotEqualTo(mark);
  }

  @Test
  void aTaggedSpecsMarkListsTheConfigsKeysWhereTheyFitInATagsValue() {
    String mark = AppliedMark.of(json("{'name':'a','tags':{'Owner':'x','cost center':'y','lakehouse:project':'p',"
        + "'lakehouse:env':'dev','team@corp':'z'}}"));
    assertThat(mark).matches("[0-9a-f]{16} Owner cost@_center team@@corp");
    assertThat(AppliedMark.digest(mark)).hasSize(16).isEqualTo(mark.substring(0, 16));
    assertThat(AppliedMark.of(json("{'name':'a','tags':{'lakehouse:project':'p'}}")))
        .as("no key of the config's own: the digest alone").matches("[0-9a-f]{16}");
    assertThat(AppliedMark.of(json("{'name':'a','glueParameters':{'owner':'x'}}")))
        .as("a table's parameters are not tags").matches("[0-9a-f]{16}");

    StringBuilder tags = new StringBuilder("{'name':'a','tags':{");
    for (int i = 0; i < 47; i++) {
      tags.append(i == 0 ? "" : ",").append("'a-tag-key-of-some-length-").append(i).append("':'v'");
    }
    String many = AppliedMark.of(json(tags.append("}}").toString()));
    // 26 characters for keys 0 to 9, 27 for the others: 16 + 8 * 27 = 232, one more would be 259.
    assertThat(many).as("too long for a tag's 256 characters: the shortest keys that fit")
        .matches("[0-9a-f]{16} a-tag-key-of-some-length-0 a-tag-key-of-some-length-1 a-tag-key-of-some-length-2 "
            + "a-tag-key-of-some-length-3 a-tag-key-of-some-length-4 a-tag-key-of-some-length-5 "
            + "a-tag-key-of-some-length-6 a-tag-key-of-some-length-7");
    assertThat(many.length()).isLessThanOrEqualTo(256);
    assertThat(AppliedMark.of(json("{'name':'a','tags':{'" + "k".repeat(128) + "':'v','" + "l".repeat(128)
        + "':'v','" + "m".repeat(100) + "':'v'}}"))).as("the shortest first, then any other that fits")
        .matches("[0-9a-f]{16} k{128} m{100}");
  }

  @Test
  void whereBothChangedDifferentAttributesTheMarkTellsWhichTheConfigEdited() {
    String applied = "{'name':'a','days':30,'versioning':'Enabled','policy':{'tls':true},'tags':{'Owner':'x'}}";
    String edited = "{'name':'a','days':45,'versioning':'Enabled','policy':{'tls':true},'tags':{'Owner':'x'}}";
    JsonNode aws = marked("{'name':'a','days':30,'versioning':'Suspended','policy':{'tls':false},'tags':{'Owner':'x'}}",
        applied);
    assertThat(AppliedMark.cause(aws, json(edited))).isEqualTo(Cause.UNKNOWN);
    assertThat(AppliedMark.editedAttributes(aws, json(edited))).contains(Set.of("days"));

    // An attribute the config dropped, and one AWS lost.
    String dropped = "{'name':'a','versioning':'Enabled','policy':{'tls':true},'tags':{'Owner':'x'}}";
    JsonNode lost = marked("{'name':'a','days':30,'versioning':'Enabled','tags':{'Owner':'x'}}", applied);
    assertThat(AppliedMark.editedAttributes(lost, json(dropped))).contains(Set.of("days"));

    // The same attribute changed by both: no way of sharing them has the mark's digest.
    JsonNode both = marked("{'name':'a','days':7,'versioning':'Suspended','policy':{'tls':true},'tags':{'Owner':'x'}}",
        applied);
    assertThat(AppliedMark.editedAttributes(both, json(edited))).isEmpty();
    // One attribute differing, no mark, or the cause known already: nothing to share.
    assertThat(AppliedMark.editedAttributes(marked(edited, applied), json(applied))).isEmpty();
    assertThat(AppliedMark.editedAttributes(json(edited), json(applied))).isEmpty();
  }

  @Test
  void aTagAddedInTheConfigAndAnotherChangedByHandAreToldApart() {
    String applied = "{'name':'a','days':30,'tags':{'Owner':'x','CostCenter':'c'}}";
    String edited = "{'name':'a','days':30,'tags':{'Owner':'x','CostCenter':'c','Team':'t'}}";
    JsonNode aws = marked("{'name':'a','days':30,'tags':{'Owner':'someone','CostCenter':'c'}}", applied);
    assertThat(AppliedMark.cause(aws, json(edited))).isEqualTo(Cause.UNKNOWN);
    assertThat(AppliedMark.editedAttributes(aws, json(edited))).contains(Set.of("tags.Team"));
    // A tag the config dropped, and the lifecycle changed by hand.
    String dropped = "{'name':'a','days':30,'tags':{'Owner':'x'}}";
    JsonNode lifecycle = marked("{'name':'a','days':7,'tags':{'Owner':'x','CostCenter':'c'}}", applied);
    assertThat(AppliedMark.editedAttributes(lifecycle, json(dropped))).contains(Set.of("tags.CostCenter"));
  }

  @Test
  void editsOfDifferentElementsOfOneListAreToldApartByTheElementsKey() {
    String applied = "{'name':'a','lifecycle':[{'id':'tier-down','days':30},{'id':'cleanup','days':90}],"
        + "'tags':{'Owner':'x'}}";
    String edited = "{'name':'a','lifecycle':[{'id':'tier-down','days':45},{'id':'cleanup','days':90}],"
        + "'tags':{'Owner':'x'}}";
    // The config edits one rule, AWS another.
    JsonNode aws = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':30},{'id':'cleanup','days':7}],"
        + "'tags':{'Owner':'x'}}", applied);
    assertThat(AppliedMark.cause(aws, json(edited))).isEqualTo(Cause.UNKNOWN);
    assertThat(AppliedMark.editedAttributes(aws, json(edited))).contains(Set.of("lifecycle[tier-down]"));
    // A rule added by hand, at the end, and a rule removed by hand.
    JsonNode added = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':30},{'id':'cleanup','days':90},"
        + "{'id':'manual','days':1}],'tags':{'Owner':'x'}}", applied);
    assertThat(AppliedMark.editedAttributes(added, json(edited))).contains(Set.of("lifecycle[tier-down]"));
    JsonNode removed = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':30}],'tags':{'Owner':'x'}}", applied);
    assertThat(AppliedMark.editedAttributes(removed, json(edited))).contains(Set.of("lifecycle[tier-down]"));
    // A rule added in the config between two, while AWS changed one of them.
    String inserted = "{'name':'a','lifecycle':[{'id':'tier-down','days':30},{'id':'archive','days':60},"
        + "{'id':'cleanup','days':90}],'tags':{'Owner':'x'}}";
    assertThat(AppliedMark.editedAttributes(aws, json(inserted))).contains(Set.of("lifecycle[archive]"));
    // The same rule changed by both.
    JsonNode same = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':7},{'id':'cleanup','days':7}],"
        + "'tags':{'Owner':'x'}}", applied);
    assertThat(AppliedMark.editedAttributes(same, json(edited))).isEmpty();
    // Different settings of one rule: told apart one level further in.
    String oneRule = "{'name':'a','lifecycle':[{'id':'tier-down','days':30,'prefix':'a/'}],'tags':{'Owner':'x'}}";
    JsonNode prefixByHand = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':30,'prefix':'b/'}],"
        + "'tags':{'Owner':'x'}}", oneRule);
    JsonNode daysEdited = json("{'name':'a','lifecycle':[{'id':'tier-down','days':45,'prefix':'a/'}],"
        + "'tags':{'Owner':'x'}}");
    assertThat(AppliedMark.editedAttributes(prefixByHand, daysEdited)).contains(Set.of("lifecycle[tier-down].days"));
    // And beside another attribute changed by hand.
    JsonNode alsoVersioning = marked("{'name':'a','versioning':'Suspended','lifecycle':[{'id':'tier-down',"
        + "'days':30,'prefix':'b/'}],'tags':{'Owner':'x'}}", oneRule);
    assertThat(AppliedMark.editedAttributes(alsoVersioning, daysEdited)).contains(Set.of("lifecycle[tier-down].days"));
    // The same setting of one rule changed by both: no level tells them apart.
    JsonNode daysByHand = marked("{'name':'a','lifecycle':[{'id':'tier-down','days':7,'prefix':'b/'}],"
        + "'tags':{'Owner':'x'}}", oneRule);
    assertThat(AppliedMark.editedAttributes(daysByHand, daysEdited)).isEmpty();
    // Elements without a key of their own stay one attribute: both changed it.
    String plain = "{'name':'a','rules':[30,90],'tags':{'Owner':'x'}}";
    JsonNode plainAws = marked("{'name':'a','rules':[30,7],'tags':{'Owner':'x'}}", plain);
    assertThat(AppliedMark.editedAttributes(plainAws, json("{'name':'a','rules':[45,90],'tags':{'Owner':'x'}}")))
        .isEmpty();
  }

  @Test
  void anAttributePathIsInTheAttributeItStartsWith() {
    assertThat(AppliedMark.isIn("lifecycle[expire].expirationDays", Set.of("lifecycle"))).isTrue();
    assertThat(AppliedMark.isIn("tags.Owner", Set.of("tags.Owner"))).isTrue();
    assertThat(AppliedMark.isIn("tags.Owner", Set.of("tags"))).isTrue();
    assertThat(AppliedMark.isIn("tags.OwnerTeam", Set.of("tags.Owner"))).isFalse();
    assertThat(AppliedMark.isIn("versioning", Set.of("lifecycle", "tags.Owner"))).isFalse();
    assertThat(AppliedMark.isIn("lifecycle[tier-down].transitions[0].days", Set.of("lifecycle[tier-down]"))).isTrue();
    assertThat(AppliedMark.isIn("lifecycle[tier-down-2].days", Set.of("lifecycle[tier-down]"))).isFalse();
  }

  @Test
  void withoutLeavesTheSpecItReadsAlone() {
    JsonNode spec = json("{'name':'a','tags':{'Owner':'x','lakehouse:applied':'0123456789abcdef'}}");
    JsonNode without = AppliedMark.without(spec);
    assertThat(without.toString()).isEqualTo("{\"name\":\"a\",\"tags\":{\"Owner\":\"x\"}}");
    assertThat(AppliedMark.in(spec)).contains("0123456789abcdef");
    assertThat(AppliedMark.in(without)).isEmpty();
    JsonNode unmarked = json("{'name':'a'}");
    assertThat(AppliedMark.without(unmarked)).isSameAs(unmarked);
  }

  @Test
  void theCauseOfADifferenceIsWhatTheMarkTells() {
    String applied = "{'name':'a','days':30,'tags':{'Owner':'x'}}";
    String edited = "{'name':'a','days':45,'tags':{'Owner':'x'}}";
    // The config as applied, AWS changed since.
    assertThat(AppliedMark.cause(marked("{'name':'a','days':7,'tags':{'Owner':'x'}}", applied), json(applied)))
        .isEqualTo(Cause.OUTSIDE);
    // AWS as applied, the config changed since.
    assertThat(AppliedMark.cause(marked(applied, applied), json(edited))).isEqualTo(Cause.CONFIG);
    // Both changed.
    assertThat(AppliedMark.cause(marked("{'name':'a','days':7,'tags':{'Owner':'x'}}", applied), json(edited)))
        .isEqualTo(Cause.UNKNOWN);
    // No mark: a kind without tags, or a resource an earlier version wrote.
    assertThat(AppliedMark.cause(json("{'name':'a','days':7,'tags':{'Owner':'x'}}"), json(applied)))
        .isEqualTo(Cause.UNKNOWN);
    assertThat(AppliedMark.cause(json("{'admins':[]}"), json("{'admins':['r']}"))).isEqualTo(Cause.UNKNOWN);
    // A key dropped from the config: AWS still holds it, as applied.
    String withTeam = "{'name':'a','days':30,'tags':{'Owner':'x','Team':'t'}}";
    assertThat(AppliedMark.cause(marked(withTeam, withTeam), json(applied))).isEqualTo(Cause.CONFIG);
    // A mark an earlier version wrote, its digest alone.
    JsonNode earlier = json(applied);
    ((com.fasterxml.jackson.databind.node.ObjectNode) earlier.get("tags"))
        .put("lakehouse:applied", AppliedMark.digest(AppliedMark.of(json(applied))));
    assertThat(AppliedMark.cause(earlier, json(edited))).isEqualTo(Cause.CONFIG);
  }
}
