package dev.lakehouse.provision.lakeformation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.lakeformation.model.CreateDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.CreateDataCellsFilterResponse;
import software.amazon.awssdk.services.lakeformation.model.CreateLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.CreateLfTagResponse;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.DataLakeSettings;
import software.amazon.awssdk.services.lakeformation.model.DeleteDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.DeleteDataCellsFilterResponse;
import software.amazon.awssdk.services.lakeformation.model.DeleteLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.DeleteLfTagResponse;
import software.amazon.awssdk.services.lakeformation.model.DeregisterResourceRequest;
import software.amazon.awssdk.services.lakeformation.model.DeregisterResourceResponse;
import software.amazon.awssdk.services.lakeformation.model.DescribeResourceRequest;
import software.amazon.awssdk.services.lakeformation.model.DescribeResourceResponse;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.GetDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.GetDataCellsFilterResponse;
import software.amazon.awssdk.services.lakeformation.model.GetDataLakeSettingsRequest;
import software.amazon.awssdk.services.lakeformation.model.GetDataLakeSettingsResponse;
import software.amazon.awssdk.services.lakeformation.model.GetLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.GetLfTagResponse;
import software.amazon.awssdk.services.lakeformation.model.GrantPermissionsRequest;
import software.amazon.awssdk.services.lakeformation.model.GrantPermissionsResponse;
import software.amazon.awssdk.services.lakeformation.model.InternalServiceException;
import software.amazon.awssdk.services.lakeformation.model.InvalidInputException;
import software.amazon.awssdk.services.lakeformation.model.LakeFormationException;
import software.amazon.awssdk.services.lakeformation.model.ListDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.ListDataCellsFilterResponse;
import software.amazon.awssdk.services.lakeformation.model.ListPermissionsRequest;
import software.amazon.awssdk.services.lakeformation.model.ListPermissionsResponse;
import software.amazon.awssdk.services.lakeformation.model.ListResourcesRequest;
import software.amazon.awssdk.services.lakeformation.model.ListResourcesResponse;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.PutDataLakeSettingsRequest;
import software.amazon.awssdk.services.lakeformation.model.PutDataLakeSettingsResponse;
import software.amazon.awssdk.services.lakeformation.model.RegisterResourceRequest;
import software.amazon.awssdk.services.lakeformation.model.RegisterResourceResponse;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.ResourceInfo;
import software.amazon.awssdk.services.lakeformation.model.RevokePermissionsRequest;
import software.amazon.awssdk.services.lakeformation.model.RevokePermissionsResponse;
import software.amazon.awssdk.services.lakeformation.model.UpdateDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.UpdateDataCellsFilterResponse;
import software.amazon.awssdk.services.lakeformation.model.UpdateLfTagRequest;
import software.amazon.awssdk.services.lakeformation.model.UpdateLfTagResponse;

/**
 * A Lake Formation client for unit tests: it keeps LF-Tags, the data lake settings and data
 * cells filters in memory, answers ListPermissions with the entries a test gives it, and records
 * every request it gets. Over a {@link FakeGlue} catalog, it refuses grants and filters on
 * databases and tables the catalog lacks, as Lake Formation does.
 */
class FakeLakeFormation implements LakeFormationClient {
  final List<Object> requests = Collections.synchronizedList(new ArrayList<>());
  final Map<String, Set<String>> tags = new LinkedHashMap<>();
  final Map<List<String>, DataCellsFilter> filters = new LinkedHashMap<>();
  private FakeGlue catalog;

  /** Refuses grants and filters on what this catalog lacks. */
  FakeLakeFormation over(FakeGlue glue) {
    this.catalog = glue;
    return this;
  }

  private void requireInCatalog(String database, String table) {
    String name = table == null ? database : database + "." + table;
    if (catalog != null && !catalog.existing.contains(name)) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", (table == null ? "Database " : "Table ")
          + name + " not found");
    }
  }
  final List<PrincipalResourcePermissions> permissions = new ArrayList<>();
  /** The registered locations, by their ARN. */
  final Map<String, ResourceInfo> locations = new LinkedHashMap<>();
  static final String SERVICE_LINKED_ROLE = "arn:aws:iam::123456789012:role/aws-service-role/"
      + "lakeformation.amazonaws.com/AWSServiceRoleForLakeFormationDataAccess";
  DataLakeSettings settings = DataLakeSettings.builder().build();
  /** How many of the next GetDataLakeSettings calls fail. */
  volatile int failingSettingsReads;

  /** How many of the next PutDataLakeSettings calls answer that the principal is not known yet. */
  int unknownPrincipalAnswers;

  /** What another writer does to the settings while a PutDataLakeSettings waits for IAM. */
  Runnable whileUnknownPrincipal = () -> { };

  /**
   * The requests so far, copied while no other is added: the ownership record is read on a thread
   * of its own, which may still be asking when a test looks.
   */
  private List<Object> received() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The requests of one type, in order. */
  <T> List<T> requests(Class<T> type) {
    return received().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The requests that change something, by their type's simple name. */
  List<String> writes() {
    return received().stream().map(r -> r.getClass().getSimpleName().replace("Request", ""))
        .filter(name -> !name.startsWith("Get") && !name.startsWith("List")).toList();
  }

  @Override
  public synchronized GetLfTagResponse getLFTag(GetLfTagRequest request) {
    requests.add(request);
    Set<String> values = tags.get(request.tagKey());
    if (values == null) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", "Tag key does not exist");
    }
    return GetLfTagResponse.builder().tagKey(request.tagKey()).tagValues(values).build();
  }

  @Override
  public synchronized CreateLfTagResponse createLFTag(CreateLfTagRequest request) {
    requests.add(request);
    if (tags.containsKey(request.tagKey())) {
      throw error(AlreadyExistsException.builder(), "AlreadyExistsException", "Tag key already exists");
    }
    tags.put(request.tagKey(), new LinkedHashSet<>(request.tagValues()));
    return CreateLfTagResponse.builder().build();
  }

  @Override
  public synchronized UpdateLfTagResponse updateLFTag(UpdateLfTagRequest request) {
    requests.add(request);
    Set<String> values = tags.get(request.tagKey());
    if (values == null) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", "Tag key does not exist");
    }
    values.addAll(request.tagValuesToAdd());
    request.tagValuesToDelete().forEach(values::remove);
    return UpdateLfTagResponse.builder().build();
  }

  @Override
  public synchronized DeleteLfTagResponse deleteLFTag(DeleteLfTagRequest request) {
    requests.add(request);
    tags.remove(request.tagKey());
    return DeleteLfTagResponse.builder().build();
  }

  @Override
  public GetDataLakeSettingsResponse getDataLakeSettings(GetDataLakeSettingsRequest request) {
    requests.add(request);
    if (failingSettingsReads > 0) {
      failingSettingsReads--;
      throw error(InternalServiceException.builder(), "InternalServiceException", "Internal failure");
    }
    return GetDataLakeSettingsResponse.builder().dataLakeSettings(settings).build();
  }

  @Override
  public PutDataLakeSettingsResponse putDataLakeSettings(PutDataLakeSettingsRequest request) {
    requests.add(request);
    if (unknownPrincipalAnswers > 0) {
      unknownPrincipalAnswers--;
      whileUnknownPrincipal.run();
      throw error(InvalidInputException.builder(), "InvalidInputException", "Invalid principal");
    }
    settings = request.dataLakeSettings();
    return PutDataLakeSettingsResponse.builder().build();
  }

  @Override
  public ListPermissionsResponse listPermissions(ListPermissionsRequest request) {
    requests.add(request);
    return ListPermissionsResponse.builder().principalResourcePermissions(permissions.stream()
        .filter(p -> request.principal() == null || request.principal().equals(p.principal())).toList()).build();
  }

  @Override
  public GrantPermissionsResponse grantPermissions(GrantPermissionsRequest request) {
    requests.add(request);
    Resource resource = request.resource();
    if (resource.database() != null) {
      requireInCatalog(resource.database().name(), null);
    } else if (resource.table() != null) {
      requireInCatalog(resource.table().databaseName(), resource.table().name());
    } else if (resource.tableWithColumns() != null) {
      requireInCatalog(resource.tableWithColumns().databaseName(), resource.tableWithColumns().name());
    }
    return GrantPermissionsResponse.builder().build();
  }

  @Override
  public RevokePermissionsResponse revokePermissions(RevokePermissionsRequest request) {
    requests.add(request);
    return RevokePermissionsResponse.builder().build();
  }

  @Override
  public ListResourcesResponse listResources(ListResourcesRequest request) {
    requests.add(request);
    return ListResourcesResponse.builder().resourceInfoList(List.copyOf(locations.values())).build();
  }

  @Override
  public synchronized DescribeResourceResponse describeResource(DescribeResourceRequest request) {
    requests.add(request);
    ResourceInfo info = locations.get(request.resourceArn());
    if (info == null) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", "Entity not found");
    }
    return DescribeResourceResponse.builder().resourceInfo(info).build();
  }

  @Override
  public synchronized RegisterResourceResponse registerResource(RegisterResourceRequest request) {
    requests.add(request);
    if (locations.containsKey(request.resourceArn())) {
      throw error(AlreadyExistsException.builder(), "AlreadyExistsException", "Resource is already registered");
    }
    locations.put(request.resourceArn(), ResourceInfo.builder().resourceArn(request.resourceArn())
        .roleArn(Boolean.TRUE.equals(request.useServiceLinkedRole()) ? SERVICE_LINKED_ROLE : request.roleArn())
        .hybridAccessEnabled(request.hybridAccessEnabled()).withFederation(request.withFederation()).build());
    return RegisterResourceResponse.builder().build();
  }

  @Override
  public synchronized DeregisterResourceResponse deregisterResource(DeregisterResourceRequest request) {
    requests.add(request);
    if (locations.remove(request.resourceArn()) == null) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", "Entity not found");
    }
    return DeregisterResourceResponse.builder().build();
  }

  @Override
  public CreateDataCellsFilterResponse createDataCellsFilter(CreateDataCellsFilterRequest request) {
    requests.add(request);
    requireInCatalog(request.tableData().databaseName(), request.tableData().tableName());
    filters.put(key(request.tableData()), request.tableData());
    return CreateDataCellsFilterResponse.builder().build();
  }

  @Override
  public GetDataCellsFilterResponse getDataCellsFilter(GetDataCellsFilterRequest request) {
    requests.add(request);
    DataCellsFilter filter = filters.get(List.of(request.tableCatalogId(), request.databaseName(), request.tableName(),
        request.name()));
    if (filter == null) {
      throw error(EntityNotFoundException.builder(), "EntityNotFoundException", "Entity not found");
    }
    return GetDataCellsFilterResponse.builder().dataCellsFilter(filter).build();
  }

  @Override
  public UpdateDataCellsFilterResponse updateDataCellsFilter(UpdateDataCellsFilterRequest request) {
    requests.add(request);
    filters.put(key(request.tableData()), request.tableData());
    return UpdateDataCellsFilterResponse.builder().build();
  }

  @Override
  public DeleteDataCellsFilterResponse deleteDataCellsFilter(DeleteDataCellsFilterRequest request) {
    requests.add(request);
    filters.remove(List.of(request.tableCatalogId(), request.databaseName(), request.tableName(), request.name()));
    return DeleteDataCellsFilterResponse.builder().build();
  }

  @Override
  public ListDataCellsFilterResponse listDataCellsFilter(ListDataCellsFilterRequest request) {
    requests.add(request);
    return ListDataCellsFilterResponse.builder().dataCellsFilters(filters.values()).build();
  }

  @Override
  public String serviceName() {
    return "lakeformation";
  }

  @Override
  public void close() {
  }

  private static List<String> key(DataCellsFilter filter) {
    return List.of(filter.tableCatalogId(), filter.databaseName(), filter.tableName(), filter.name());
  }

  private static LakeFormationException error(LakeFormationException.Builder builder, String code, String message) {
    return (LakeFormationException) builder.statusCode(400).message(message)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
  }
}
