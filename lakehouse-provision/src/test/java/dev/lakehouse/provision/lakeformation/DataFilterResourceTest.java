package dev.lakehouse.provision.lakeformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.aws.AwsFailure;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.CreateDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.DeleteDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.GetDataCellsFilterRequest;
import software.amazon.awssdk.services.lakeformation.model.RowFilter;
import software.amazon.awssdk.services.lakeformation.model.UpdateDataCellsFilterRequest;

/** The data cells filter calls, which moto does not implement, against a stubbed client. */
class DataFilterResourceTest {
  private static final String ACCOUNT = "123456789012";
  private static final FilterSpec US_ONLY = new FilterSpec("us_region_only", "acme_dev_processed", "customer_events",
      "region = 'US'", null, null);

  private final FakeGlue glue = new FakeGlue().with("acme_dev_processed.customer_events");
  private final FakeLakeFormation lakeFormation = new FakeLakeFormation().over(glue);
  private final OwnershipLedger ledger = new OwnershipLedger(lakeFormation, ACCOUNT, "acme", "filtertest");
  private final DataFilterResource resource = new DataFilterResource(lakeFormation, ACCOUNT, ledger,
      new CatalogTargets(glue, Set.of("acme_dev_processed.customer_events")));

  @Test
  void createSendsTheWholeFilterAndRecordsIt() {
    assertThat(resource.read(US_ONLY)).isEmpty();
    resource.create(US_ONLY);
    assertThat(lakeFormation.requests(CreateDataCellsFilterRequest.class)).singleElement()
        .extracting(CreateDataCellsFilterRequest::tableData).isEqualTo(DataCellsFilter.builder()
            .tableCatalogId(ACCOUNT).databaseName("acme_dev_processed").tableName("customer_events")
            .name("us_region_only").rowFilter(RowFilter.builder().filterExpression("region = 'US'").build())
            .columnWildcard(ColumnWildcard.builder().excludedColumnNames(List.of()).build()).build());
    assertThat(lakeFormation.requests(GetDataCellsFilterRequest.class).get(0)).isEqualTo(GetDataCellsFilterRequest
        .builder().tableCatalogId(ACCOUNT).databaseName("acme_dev_processed").tableName("customer_events")
        .name("us_region_only").build());
    assertThat(resource.read(US_ONLY)).contains(US_ONLY);
    assertThat(ledger.owns(ledger.entries(), OwnershipLedger.Kind.FILTER,
        DataFilterResource.identity(ACCOUNT, US_ONLY))).isTrue();
  }

  @Test
  void updateReplacesRowFilterAndColumnsTogether() {
    resource.create(US_ONLY);
    FilterSpec narrower = new FilterSpec("us_region_only", "acme_dev_processed", "customer_events", "region = 'US'",
        List.of("event_id", "region"), null);
    resource.update(US_ONLY, narrower, Set.of("columns", "excludedColumns"));
    DataCellsFilter sent = lakeFormation.requests(UpdateDataCellsFilterRequest.class).get(0).tableData();
    assertThat(sent.columnNames()).containsExactly("event_id", "region");
    assertThat(sent.columnWildcard()).isNull();
    assertThat(sent.rowFilter().filterExpression()).isEqualTo("region = 'US'");
    assertThat(resource.read(US_ONLY)).contains(narrower);
  }

  @Test
  void deleteNamesTheFilterByItsTableAndForgetsIt() {
    resource.create(US_ONLY);
    resource.delete(US_ONLY);
    assertThat(lakeFormation.requests(DeleteDataCellsFilterRequest.class)).containsExactly(DeleteDataCellsFilterRequest
        .builder().tableCatalogId(ACCOUNT).databaseName("acme_dev_processed").tableName("customer_events")
        .name("us_region_only").build());
    assertThat(resource.read(US_ONLY)).isEmpty();
    assertThat(ledger.entries()).isEmpty();
  }

  @Test
  void aFilterOnATableAPipelineHasNotMadeYetSaysSo() {
    FilterSpec onPipelineTable = new FilterSpec("recent", "acme_dev_processed", "clicks", "day > 0", null, null);
    assertThatThrownBy(() -> resource.create(onPipelineTable)).isInstanceOf(AwsFailure.class)
        .hasMessage("Cannot create data cells filter recent: table acme_dev_processed.clicks does not exist yet; the "
            + "config does not declare it under tables, so a pipeline must create it: apply again once it exists");
    assertThat(lakeFormation.writes()).as("Lake Formation refused the filter; nothing is recorded")
        .containsExactly("CreateDataCellsFilter");
    assertThat(lakeFormation.filters).isEmpty();
    assertThat(ledger.entries()).isEmpty();
  }
}
