package dev.lakehouse.provision.athena;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import dev.lakehouse.provision.resource.DataRisk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.DeleteWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.DeleteWorkGroupResponse;
import software.amazon.awssdk.services.athena.model.GetWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.GetWorkGroupResponse;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.ListNamedQueriesRequest;
import software.amazon.awssdk.services.athena.model.ListNamedQueriesResponse;
import software.amazon.awssdk.services.athena.model.ListPreparedStatementsRequest;
import software.amazon.awssdk.services.athena.model.ListPreparedStatementsResponse;
import software.amazon.awssdk.services.athena.model.PreparedStatementSummary;
import software.amazon.awssdk.services.athena.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.athena.model.ListTagsForResourceResponse;
import software.amazon.awssdk.services.athena.model.Tag;
import software.amazon.awssdk.services.athena.model.TagResourceRequest;
import software.amazon.awssdk.services.athena.model.TagResourceResponse;
import software.amazon.awssdk.services.athena.model.UntagResourceRequest;
import software.amazon.awssdk.services.athena.model.UntagResourceResponse;
import software.amazon.awssdk.services.athena.model.UpdateWorkGroupRequest;
import software.amazon.awssdk.services.athena.model.UpdateWorkGroupResponse;
import software.amazon.awssdk.services.athena.model.WorkGroup;

/**
 * The Athena calls of each kind of change, against a stubbed client that records them: moto
 * does not implement UpdateWorkGroup, so this is where the update path is proved.
 */
class AthenaWorkgroupResourceTest {
  private static final String ARN = "arn:aws:athena:us-east-1:111122223333:workgroup/acme-dev";
  private static final WorkgroupSpec DESIRED = WorkgroupConvertersTest.DEV;

  private final RecordingAthena athena = new RecordingAthena();
  private final AthenaWorkgroupResource resource =
      new AthenaWorkgroupResource(athena, "aws", "us-east-1", "111122223333", false);

  @Test
  void aDroppedScanLimitAndAChangedDescriptionAreOneUpdateWorkGroup() {
    WorkgroupSpec desired = WorkgroupConvertersTest.with(DESIRED, "New", DESIRED.outputLocation(),
        DESIRED.expectedBucketOwner(), DESIRED.encryption(), null);
    resource.update(DESIRED, desired, Set.of("description", "bytesScannedCutoffPerQuery"));
    assertThat(athena.calls).containsExactly(UpdateWorkGroupRequest.builder()
        .workGroup("acme-dev")
        .description("New")
        .configurationUpdates(c -> c.removeBytesScannedCutoffPerQuery(true))
        .build());
  }

  @Test
  void aDisabledWorkgroupIsEnabledAgain() {
    WorkgroupSpec disabled = new WorkgroupSpec("acme-dev", DESIRED.description(), "DISABLED", DESIRED.outputLocation(),
        DESIRED.expectedBucketOwner(), DESIRED.encryption(), true, true, DESIRED.bytesScannedCutoffPerQuery(), "AUTO",
        DESIRED.tags());
    resource.update(disabled, DESIRED, Set.of("state"));
    assertThat(athena.calls).containsExactly(
        UpdateWorkGroupRequest.builder().workGroup("acme-dev").state("ENABLED").build());
  }

  @Test
  void changedTagsAreUntaggedAndTaggedWithoutAnUpdateAndTagsTheConfigDoesNotDeclareAreLeft() {
    WorkgroupSpec observed = new WorkgroupSpec("acme-dev", DESIRED.description(), "ENABLED", DESIRED.outputLocation(),
        DESIRED.expectedBucketOwner(), DESIRED.encryption(), true, true, DESIRED.bytesScannedCutoffPerQuery(), "AUTO",
        Map.of("Owner", "someone", "Extra", "x", "lakehouse:alias", "x", "lakehouse:env", "dev"));
    resource.update(observed, DESIRED, Set.of("tags"));
    assertThat(athena.calls).containsExactly(
        UntagResourceRequest.builder().resourceARN(ARN).tagKeys("lakehouse:alias").build(),
        TagResourceRequest.builder().resourceARN(ARN).tags(Tag.builder().key("Owner").value("data-platform").build())
            .build());
  }

  @Test
  void readsTheWorkgroupAndItsTags() {
    athena.workgroup = WorkGroup.builder().name("acme-dev").description("Analysts' queries").state("ENABLED")
        .configuration(WorkgroupConverters.expandConfiguration(DESIRED)).build();
    athena.tags = WorkgroupConverters.expandTags(DESIRED.tags());
    assertThat(resource.read(DESIRED)).contains(DESIRED);
    // The two reads run side by side, in either order.
    assertThat(athena.calls).hasSize(2).contains(GetWorkGroupRequest.builder().workGroup("acme-dev").build());
    // The paginator adds its own request options, so only the ARN is compared.
    assertThat(athena.calls).filteredOn(ListTagsForResourceRequest.class::isInstance)
        .extracting(call -> ((ListTagsForResourceRequest) call).resourceARN()).containsExactly(ARN);
  }

  @Test
  void aWorkgroupAthenaDoesNotFindIsAbsent() {
    athena.getError = invalidRequest("WorkGroup acme-dev is not found.");
    assertThat(resource.read(DESIRED)).isEmpty();
  }

  @Test
  void anEmptyAnswerIsAbsentToo() {
    athena.workgroup = null;
    assertThat(resource.read(DESIRED)).isEmpty();
  }

  @Test
  void anyOtherInvalidRequestIsAFailure() {
    athena.getError = invalidRequest("Something else");
    assertThatThrownBy(() -> resource.read(DESIRED)).isSameAs(athena.getError);
  }

  @Test
  void aWorkgroupWithOnlyQueryHistoryIsDeletedWithIt() {
    // Athena refuses to delete a workgroup that has run queries unless the delete is recursive,
    // and no call deletes a query's history: without it, no used workgroup could ever be removed.
    assertThat(resource.deletionRisk(DESIRED)).isEmpty();
    resource.delete(DESIRED);
    assertThat(athena.calls).filteredOn(DeleteWorkGroupRequest.class::isInstance).containsExactly(
        DeleteWorkGroupRequest.builder().workGroup("acme-dev").recursiveDeleteOption(true).build());
  }

  @Test
  void aDeleteAnsweredNotFoundIsDoneAndAnyOtherRefusalFailsIt() {
    athena.deleteError = invalidRequest("WorkGroup acme-dev is not found.");
    resource.delete(DESIRED);

    athena.deleteError = invalidRequest("WorkGroup acme-dev is not empty");
    assertThatThrownBy(() -> resource.delete(DESIRED)).isSameAs(athena.deleteError);
  }

  @Test
  void savedQueriesAreDataAtRisk() {
    athena.namedQueries = List.of("q-1", "q-2");
    assertThat(resource.deletionRisk(DESIRED)).contains(new DataRisk(DataRisk.SAVED_QUERIES,
        "Athena workgroup acme-dev holds 2 saved queries, which Athena deletes with it"));
    assertThat(athena.calls).containsExactly(
        ListNamedQueriesRequest.builder().workGroup("acme-dev").maxResults(50).build(),
        ListPreparedStatementsRequest.builder().workGroup("acme-dev").maxResults(50).build());
    athena.namedQueries = List.of("q-1");
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what)
        .contains("Athena workgroup acme-dev holds 1 saved query, which Athena deletes with it");
    athena.namedQueries = Collections.nCopies(50, "q");
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what)
        .contains("Athena workgroup acme-dev holds 50 or more saved queries, which Athena deletes with it");
  }

  @Test
  void savedQueriesBeyondAnEmptyFirstPageAreFound() {
    athena.emptyFirstPage = true;
    athena.namedQueries = List.of("q-1");
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what)
        .contains("Athena workgroup acme-dev holds 1 saved query, which Athena deletes with it");
    assertThat(athena.calls).filteredOn(ListNamedQueriesRequest.class::isInstance).hasSize(2);
  }

  @Test
  void aFirstPageOfSavedQueriesThatMorePagesFollowIsNotTheirCount() {
    athena.namedQueries = List.of("q-1", "q-2");
    athena.morePages = true;
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what)
        .contains("Athena workgroup acme-dev holds 2 or more saved queries, which Athena deletes with it");
    athena.namedQueries = List.of("q-1");
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what)
        .contains("Athena workgroup acme-dev holds 1 or more saved queries, which Athena deletes with it");
  }

  @Test
  void preparedStatementsAreDataAtRiskToo() {
    athena.preparedStatements = List.of("revenue_by_day");
    assertThat(resource.deletionRisk(DESIRED)).contains(new DataRisk(DataRisk.SAVED_QUERIES,
        "Athena workgroup acme-dev holds 1 prepared statement, which Athena deletes with it"));
    athena.namedQueries = List.of("q-1", "q-2");
    athena.preparedStatements = Collections.nCopies(50, "s");
    assertThat(resource.deletionRisk(DESIRED)).map(DataRisk::what).contains("Athena workgroup acme-dev holds 2 saved "
        + "queries and 50 or more prepared statements, which Athena deletes with it");
    athena.namedQueries = List.of();
    athena.preparedStatements = List.of();
    athena.emptyFirstPage = true;
    athena.calls.clear();
    assertThat(resource.deletionRisk(DESIRED)).isEmpty();
    assertThat(athena.calls).as("every page read").hasSize(4);
  }

  @Test
  void savedQueriesMadeSinceThePlanStopTheDeleteUnlessAllowed() {
    athena.namedQueries = List.of("q-1");
    assertThatThrownBy(() -> resource.delete(DESIRED))
        .isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot delete Athena workgroup (acme-dev): Athena workgroup acme-dev holds 1 saved query, which "
            + "Athena deletes with it; to allow it, pass --allow-data-loss saved-queries");
    assertThat(athena.calls).noneMatch(DeleteWorkGroupRequest.class::isInstance);

    athena.calls.clear();
    new AthenaWorkgroupResource(athena, "aws", "us-east-1", "111122223333", true).delete(DESIRED);
    assertThat(athena.calls).containsExactly(
        DeleteWorkGroupRequest.builder().workGroup("acme-dev").recursiveDeleteOption(true).build());
  }

  @Test
  void outputsAreTheNameAndArn() {
    assertThat(resource.outputs(DESIRED)).isEqualTo(Map.of("name", "acme-dev", "arn", ARN));
  }

  private static InvalidRequestException invalidRequest(String message) {
    return (InvalidRequestException) InvalidRequestException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidRequestException").errorMessage(message).build())
        .message(message)
        .statusCode(400)
        .build();
  }

  /** An Athena client that records the requests it gets and answers from its fields. */
  private static final class RecordingAthena implements AthenaClient {
    final List<AwsRequest> calls = Collections.synchronizedList(new ArrayList<>());
    WorkGroup workgroup;
    List<Tag> tags = List.of();
    InvalidRequestException getError;
    InvalidRequestException deleteError;
    List<String> namedQueries = List.of();
    List<String> preparedStatements = List.of();
    boolean emptyFirstPage;
    boolean morePages;

    @Override
    public GetWorkGroupResponse getWorkGroup(GetWorkGroupRequest request) {
      calls.add(request);
      if (getError != null) {
        throw getError;
      }
      return GetWorkGroupResponse.builder().workGroup(workgroup).build();
    }

    @Override
    public ListTagsForResourceResponse listTagsForResource(ListTagsForResourceRequest request) {
      calls.add(request);
      return ListTagsForResourceResponse.builder().tags(tags).build();
    }

    @Override
    public UpdateWorkGroupResponse updateWorkGroup(UpdateWorkGroupRequest request) {
      calls.add(request);
      return UpdateWorkGroupResponse.builder().build();
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
    public DeleteWorkGroupResponse deleteWorkGroup(DeleteWorkGroupRequest request) {
      calls.add(request);
      if (deleteError != null) {
        throw deleteError;
      }
      return DeleteWorkGroupResponse.builder().build();
    }

    @Override
    public ListNamedQueriesResponse listNamedQueries(ListNamedQueriesRequest request) {
      calls.add(request);
      if (emptyFirstPage && request.nextToken() == null) {
        return ListNamedQueriesResponse.builder().namedQueryIds(List.of()).nextToken("more").build();
      }
      return ListNamedQueriesResponse.builder().namedQueryIds(namedQueries)
          .nextToken(morePages && request.nextToken() == null ? "more" : null).build();
    }

    @Override
    public ListPreparedStatementsResponse listPreparedStatements(ListPreparedStatementsRequest request) {
      calls.add(request);
      if (emptyFirstPage && request.nextToken() == null) {
        return ListPreparedStatementsResponse.builder().preparedStatements(List.of()).nextToken("more").build();
      }
      return ListPreparedStatementsResponse.builder().preparedStatements(preparedStatements.stream()
          .map(name -> PreparedStatementSummary.builder().statementName(name).build()).toList()).build();
    }

    @Override
    public String serviceName() {
      return "athena";
    }

    @Override
    public void close() {
    }
  }
}
