package dev.lakehouse.provision.glue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.resource.DataRisk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.DeleteDatabaseRequest;
import software.amazon.awssdk.services.glue.model.DeleteDatabaseResponse;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GetDatabaseResponse;
import software.amazon.awssdk.services.glue.model.GetDatabasesRequest;
import software.amazon.awssdk.services.glue.model.GetDatabasesResponse;
import software.amazon.awssdk.services.glue.model.GetTagsRequest;
import software.amazon.awssdk.services.glue.model.GetTagsResponse;
import software.amazon.awssdk.services.glue.model.GetTablesRequest;
import software.amazon.awssdk.services.glue.model.GetTablesResponse;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableAttributes;
import software.amazon.awssdk.services.glue.model.TagResourceRequest;
import software.amazon.awssdk.services.glue.model.TagResourceResponse;
import software.amazon.awssdk.services.glue.model.UntagResourceRequest;
import software.amazon.awssdk.services.glue.model.UntagResourceResponse;
import software.amazon.awssdk.services.glue.model.UpdateDatabaseRequest;
import software.amazon.awssdk.services.glue.model.UpdateDatabaseResponse;

/** The Glue calls each kind of change makes, against a stubbed client that records them. */
class GlueDatabaseResourceTest {
  private static final String ARN = "arn:aws:glue:us-east-1:111122223333:database/acme_dev_raw";
  private static final DatabaseSpec OBSERVED = new DatabaseSpec("acme_dev_raw", "Raw zone",
      "s3://acme-dev-raw-111122223333/", Map.of("a", "1"), Map.of("Owner", "data-platform", "Team", "x"),
      List.of(DatabaseConvertersTest.IAM_ALLOWED));

  private final RecordingGlue glue = new RecordingGlue();
  private final GlueDatabaseResource resource =
      new GlueDatabaseResource(glue, "aws", "us-east-1", "111122223333", false);

  @Test
  void aChangedDescriptionSendsTheWholeDatabaseInputWithTheKeptPermissions() {
    DatabaseSpec desired = new DatabaseSpec("acme_dev_raw", "Raw zone (bronze)", OBSERVED.locationUri(),
        OBSERVED.parameters(), OBSERVED.tags(), null);
    resource.update(OBSERVED, desired, Set.of("description"));
    assertThat(glue.calls).containsExactly(UpdateDatabaseRequest.builder()
        .name("acme_dev_raw")
        .databaseInput(DatabaseConverters.expandInput(desired, List.of(DatabaseConvertersTest.IAM_ALLOWED)))
        .build());
    UpdateDatabaseRequest sent = (UpdateDatabaseRequest) glue.calls.get(0);
    assertThat(sent.databaseInput().locationUri()).isEqualTo("s3://acme-dev-raw-111122223333/");
    assertThat(sent.databaseInput().parameters()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void droppedParametersAreSentAsNone() {
    DatabaseSpec desired = new DatabaseSpec("acme_dev_raw", "Raw zone", OBSERVED.locationUri(), Map.of(),
        OBSERVED.tags(), null);
    resource.update(OBSERVED, desired, Set.of("parameters"));
    UpdateDatabaseRequest sent = (UpdateDatabaseRequest) glue.calls.get(0);
    assertThat(sent.databaseInput().hasParameters()).isTrue();
    assertThat(sent.databaseInput().parameters()).isEmpty();
    assertThat(sent.databaseInput().description()).isEqualTo("Raw zone");
  }

  @Test
  void changedTagsAreUntaggedAndTaggedByKeyWithoutAnUpdateAndTagsTheConfigDoesNotDeclareAreLeft() {
    DatabaseSpec observed = new DatabaseSpec("acme_dev_raw", "Raw zone", OBSERVED.locationUri(), OBSERVED.parameters(),
        Map.of("Owner", "data-platform", "Team", "x", "lakehouse:alias", "x"), null);
    DatabaseSpec desired = new DatabaseSpec("acme_dev_raw", "Raw zone", OBSERVED.locationUri(), OBSERVED.parameters(),
        Map.of("Owner", "analytics", "Tier", "bronze"), null);
    resource.update(observed, desired, Set.of("tags"));
    assertThat(glue.calls).containsExactly(
        UntagResourceRequest.builder().resourceArn(ARN).tagsToRemove("lakehouse:alias").build(),
        TagResourceRequest.builder().resourceArn(ARN).tagsToAdd(Map.of("Owner", "analytics", "Tier", "bronze")).build());
  }

  @Test
  void aDatabaseThatIsNotThereReadsAsAbsent() {
    glue.missing = true;
    assertThat(resource.read(OBSERVED)).isEmpty();
  }

  @Test
  void databasesReadTogetherComeFromOneListingOfTheCatalogAsEachWouldBeReadAlone() {
    glue.databases.put("acme_dev_raw", Database.builder().name("acme_dev_raw").description("Raw zone")
        .locationUri(OBSERVED.locationUri()).parameters(OBSERVED.parameters())
        .createTableDefaultPermissions(DatabaseConvertersTest.IAM_ALLOWED).build());
    glue.tags.put(ARN, OBSERVED.tags());
    DatabaseSpec gone = new DatabaseSpec("acme_dev_gone", null, null, Map.of(), Map.of(), null);

    List<Optional<DatabaseSpec>> together = resource.readAll(List.of(gone, OBSERVED));

    assertThat(resource.readsTogether()).isTrue();
    assertThat(together).containsExactly(Optional.empty(), Optional.of(OBSERVED));
    assertThat(glue.calls).filteredOn(GetDatabasesRequest.class::isInstance).hasSize(1);
    assertThat(glue.calls).filteredOn(GetDatabaseRequest.class::isInstance)
        .as("only the database the listing lacks is read alone")
        .containsExactly(GetDatabaseRequest.builder().name("acme_dev_gone").build());
    assertThat(glue.calls).filteredOn(GetTagsRequest.class::isInstance).as("each database's tags asked for once")
        .hasSize(2);
    assertThat(together.get(1)).isEqualTo(resource.read(OBSERVED));
  }

  @Test
  void aDatabaseTheListingDoesNotShowFailsTheReadRatherThanReadAsAbsent() {
    glue.hidden.add("acme_dev_raw");

    assertThatThrownBy(() -> resource.readAll(List.of(OBSERVED))).isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void deletingADatabaseWithTablesIsADataRiskNamingThem() {
    glue.tables = List.of("customer_events", "orders");
    assertThat(resource.deletionRisk(OBSERVED)).contains(new DataRisk(DataRisk.DATABASE_TABLES,
        "Glue database acme_dev_raw holds tables (customer_events, orders), which Glue deletes with it"));
    assertThat(glue.calls).singleElement().isInstanceOfSatisfying(GetTablesRequest.class, request -> {
      assertThat(request.databaseName()).isEqualTo("acme_dev_raw");
      assertThat(request.maxResults()).isEqualTo(GlueDatabaseResource.TABLES_NAMED + 1);
      assertThat(request.attributesToGet()).containsExactly(TableAttributes.NAME);
    });
  }

  @Test
  void theTablesTheRunDropsBeforeTheDatabaseAreNoRiskOfItsDelete() {
    glue.tables = List.of("customer_events", "orders");
    Map<String, String> events = Map.of("database", "acme_dev_raw", "name", "customer_events");
    Map<String, String> orders = Map.of("database", "acme_dev_raw", "name", "orders");
    Map<String, String> elsewhere = Map.of("database", "acme_dev_curated", "name", "orders");

    assertThat(resource.deletionRisk(OBSERVED, List.of(events, orders))).isEmpty();
    assertThat(resource.deletionRisk(OBSERVED, List.of(events, elsewhere))).contains(new DataRisk(
        DataRisk.DATABASE_TABLES, "Glue database acme_dev_raw holds tables (orders), which Glue deletes with it"));
  }

  @Test
  void aRefusalNamesTheFirstTablesOnly() {
    glue.tables = IntStream.rangeClosed(1, 6).mapToObj(i -> "t" + i).toList();
    assertThat(resource.deletionRisk(OBSERVED).map(DataRisk::refusal)).contains(
        "Glue database acme_dev_raw holds tables (t1, t2, t3, t4, t5 and more), which Glue deletes with it; "
            + "to allow it, pass --allow-data-loss database-tables");
  }

  @Test
  void tablesBeyondAnEmptyFirstPageAreADataRisk() {
    glue.tablePages = List.of(List.of(), List.of(), List.of("orders"));
    assertThat(resource.deletionRisk(OBSERVED)).contains(new DataRisk(DataRisk.DATABASE_TABLES,
        "Glue database acme_dev_raw holds tables (orders), which Glue deletes with it"));
    assertThat(glue.calls).filteredOn(GetTablesRequest.class::isInstance).hasSize(3);
  }

  @Test
  void theTablesNamedAreReadNoFurtherThanNeeded() {
    glue.tablePages = List.of(List.of("t1", "t2"), List.of("t3", "t4", "t5", "t6"), List.of("t7"));
    assertThat(resource.deletionRisk(OBSERVED).map(DataRisk::refusal)).contains(
        "Glue database acme_dev_raw holds tables (t1, t2, t3, t4, t5 and more), which Glue deletes with it; "
            + "to allow it, pass --allow-data-loss database-tables");
    assertThat(glue.calls).filteredOn(GetTablesRequest.class::isInstance).hasSize(2);
  }

  @Test
  void deletingAnEmptyDatabaseRisksNothing() {
    assertThat(resource.deletionRisk(OBSERVED)).isEqualTo(Optional.empty());
  }

  @Test
  void tablesMadeSinceTheRunLookedStopTheDeleteUnlessAllowed() {
    // The database was empty when the run looked, so database-tables was not needed; a crawler made a table since.
    glue.tables = List.of("crawled");

    assertThatThrownBy(() -> resource.delete(OBSERVED)).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot delete Glue database (acme_dev_raw): Glue database acme_dev_raw holds tables (crawled), "
            + "which Glue deletes with it; to allow it, pass --allow-data-loss database-tables");
    assertThat(glue.calls).noneMatch(DeleteDatabaseRequest.class::isInstance);

    new GlueDatabaseResource(glue, "aws", "us-east-1", "111122223333", true).delete(OBSERVED);
    assertThat(glue.calls).filteredOn(DeleteDatabaseRequest.class::isInstance)
        .containsExactly(DeleteDatabaseRequest.builder().name("acme_dev_raw").build());
  }

  @Test
  void outputsAreTheNameAndArn() {
    assertThat(resource.outputs(OBSERVED)).isEqualTo(Map.of("name", "acme_dev_raw", "arn", ARN));
  }

  /** A Glue client that records the requests it gets and answers from its fields. */
  private static final class RecordingGlue implements GlueClient {
    final List<AwsRequest> calls = Collections.synchronizedList(new ArrayList<>());
    boolean missing;
    List<String> tables = List.of();
    /** When set, GetTables answers these pages in turn, each with a token for the next but the last. */
    List<List<String>> tablePages;
    final Map<String, Database> databases = new ConcurrentHashMap<>();
    /** Tags by ARN. */
    final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    /** Databases that exist but that the caller may not see: not listed, and denied when asked for. */
    final Set<String> hidden = ConcurrentHashMap.newKeySet();

    @Override
    public GetDatabaseResponse getDatabase(GetDatabaseRequest request) {
      calls.add(request);
      if (hidden.contains(request.name())) {
        throw AccessDeniedException.builder().message("Insufficient Lake Formation permission(s)").build();
      }
      Database database = databases.get(request.name());
      if (missing || database == null) {
        throw EntityNotFoundException.builder().message("Database " + request.name() + " not found.").build();
      }
      return GetDatabaseResponse.builder().database(database).build();
    }

    @Override
    public GetDatabasesResponse getDatabases(GetDatabasesRequest request) {
      calls.add(request);
      return GetDatabasesResponse.builder().databaseList(databases.values()).build();
    }

    @Override
    public GetTagsResponse getTags(GetTagsRequest request) {
      calls.add(request);
      Map<String, String> found = tags.get(request.resourceArn());
      if (found == null) {
        throw EntityNotFoundException.builder().message("Database not found: " + request.resourceArn()).build();
      }
      return GetTagsResponse.builder().tags(found).build();
    }

    @Override
    public UpdateDatabaseResponse updateDatabase(UpdateDatabaseRequest request) {
      calls.add(request);
      return UpdateDatabaseResponse.builder().build();
    }

    @Override
    public TagResourceResponse tagResource(TagResourceRequest request) {
      calls.add(request);
      return TagResourceResponse.builder().build();
    }

    @Override
    public UntagResourceResponse untagResource(UntagResourceRequest request) {
      calls.add(request);
      return UntagResourceResponse.builder().build();
    }

    @Override
    public DeleteDatabaseResponse deleteDatabase(DeleteDatabaseRequest request) {
      calls.add(request);
      return DeleteDatabaseResponse.builder().build();
    }

    @Override
    public GetTablesResponse getTables(GetTablesRequest request) {
      calls.add(request);
      if (tablePages != null) {
        int page = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        return GetTablesResponse.builder()
            .tableList(tablePages.get(page).stream().map(t -> Table.builder().name(t).build()).toList())
            .nextToken(page + 1 < tablePages.size() ? Integer.toString(page + 1) : null)
            .build();
      }
      return GetTablesResponse.builder()
          .tableList(tables.stream().limit(request.maxResults()).map(t -> Table.builder().name(t).build()).toList())
          .build();
    }

    @Override
    public String serviceName() {
      return "glue";
    }

    @Override
    public void close() {
    }
  }
}
