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
    assertThat(many).as("too long for a tag's 256 characters: the digest alone").matches("[0-9a-f]{16}");
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
  void anAttributePathIsInTheAttributeItStartsWith() {
    assertThat(AppliedMark.isIn("lifecycle[expire].expirationDays", Set.of("lifecycle"))).isTrue();
    assertThat(AppliedMark.isIn("tags.Owner", Set.of("tags.Owner"))).isTrue();
    assertThat(AppliedMark.isIn("tags.Owner", Set.of("tags"))).isTrue();
    assertThat(AppliedMark.isIn("tags.OwnerTeam", Set.of("tags.Owner"))).isFalse();
    assertThat(AppliedMark.isIn("versioning", Set.of("lifecycle", "tags.Owner"))).isFalse();
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
