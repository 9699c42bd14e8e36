package dev.lakehouse.provision.lakeformation;

import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Database;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetDatabaseRequest;
import software.amazon.awssdk.services.glue.model.GetDatabaseResponse;
import software.amazon.awssdk.services.glue.model.GetTableRequest;
import software.amazon.awssdk.services.glue.model.GetTableResponse;
import software.amazon.awssdk.services.glue.model.Table;

/** A Glue client for unit tests that knows the databases and tables ({@code db.table}) a test adds. */
class FakeGlue implements GlueClient {
  final Set<String> existing = new HashSet<>();
  /** How many databases and tables were looked for. */
  int lookups;

  FakeGlue with(String... names) {
    existing.addAll(Set.of(names));
    return this;
  }

  @Override
  public GetDatabaseResponse getDatabase(GetDatabaseRequest request) {
    lookups++;
    if (!existing.contains(request.name())) {
      throw notFound("Database " + request.name() + " not found.");
    }
    return GetDatabaseResponse.builder().database(Database.builder().name(request.name()).build()).build();
  }

  @Override
  public GetTableResponse getTable(GetTableRequest request) {
    lookups++;
    if (!existing.contains(request.databaseName() + "." + request.name())) {
      throw notFound("Table " + request.name() + " not found.");
    }
    return GetTableResponse.builder().table(Table.builder().name(request.name()).build()).build();
  }

  @Override
  public String serviceName() {
    return "glue";
  }

  @Override
  public void close() {
  }

  private static EntityNotFoundException notFound(String message) {
    return (EntityNotFoundException) EntityNotFoundException.builder().statusCode(400).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("EntityNotFoundException").errorMessage(message).build())
        .build();
  }
}
