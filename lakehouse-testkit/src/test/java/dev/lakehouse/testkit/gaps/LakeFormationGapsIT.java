package dev.lakehouse.testkit.gaps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.testkit.MotoServer;
import dev.lakehouse.testkit.TestClients;
import dev.lakehouse.testkit.proxy.AwsProxy;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lakeformation.LakeFormationClient;
import software.amazon.awssdk.services.lakeformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.lakeformation.model.ColumnWildcard;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilter;
import software.amazon.awssdk.services.lakeformation.model.DataCellsFilterResource;
import software.amazon.awssdk.services.lakeformation.model.DataLakePrincipal;
import software.amazon.awssdk.services.lakeformation.model.EntityNotFoundException;
import software.amazon.awssdk.services.lakeformation.model.InvalidInputException;
import software.amazon.awssdk.services.lakeformation.model.PrincipalResourcePermissions;
import software.amazon.awssdk.services.lakeformation.model.Resource;
import software.amazon.awssdk.services.lakeformation.model.RowFilter;
import software.amazon.awssdk.services.lakeformation.model.TableResource;
import software.amazon.awssdk.services.lakeformation.model.TableWildcard;
import software.amazon.awssdk.services.lakeformation.model.TableWithColumnsResource;

/** The Lake Formation gap fillers in front of moto, driven by the real SDK client. */
class LakeFormationGapsIT {
    private static final String ACCOUNT = "123456789012";
    private static final DataLakePrincipal ANALYST = DataLakePrincipal.builder()
            .dataLakePrincipalIdentifier("arn:aws:iam::123456789012:role/analyst").build();
    private static final DataLakePrincipal OTHER = DataLakePrincipal.builder()
            .dataLakePrincipalIdentifier("arn:aws:iam::123456789012:role/other").build();

    private final MotoServer moto = MotoServer.shared();
    private TestClients direct;
    private AwsProxy proxy;
    private TestClients aws;
    private DataCellsFilters filters;

    @BeforeEach
    void start() {
        moto.reset();
        direct = TestClients.of(moto);
        proxy = AwsProxy.start(moto);
        filters = DataCellsFilters.install(proxy);
        TablePermissionListing.install(proxy);
        GrantTargets.install(proxy);
        aws = TestClients.of(proxy.endpoint(), moto.region(), moto.credentials());
        direct.glue().createDatabase(b -> b.databaseInput(d -> d.name("sales")));
        direct.glue().createTable(b -> b.databaseName("sales").tableInput(t -> t.name("orders")));
    }

    @AfterEach
    void stop() {
        aws.close();
        proxy.close();
        direct.close();
    }

    @Test
    void filtersAreCreatedReadUpdatedListedAndDeleted() {
        LakeFormationClient lf = aws.lakeFormation();
        lf.createDataCellsFilter(b -> b.tableData(filter("eu", "region = 'EU'")));
        DataCellsFilter read = lf.getDataCellsFilter(b -> b.tableCatalogId(ACCOUNT).databaseName("sales")
                .tableName("orders").name("eu")).dataCellsFilter();
        assertThat(read.rowFilter().filterExpression()).isEqualTo("region = 'EU'");
        assertThat(read.columnWildcard().excludedColumnNames()).containsExactly("email");
        assertThat(read.versionId()).isEqualTo("1");

        lf.updateDataCellsFilter(b -> b.tableData(filter("eu", "region IN ('EU', 'UK')")));
        assertThat(lf.getDataCellsFilter(b -> b.databaseName("sales").tableName("orders").name("eu"))
                .dataCellsFilter()).satisfies(f -> {
                    assertThat(f.rowFilter().filterExpression()).isEqualTo("region IN ('EU', 'UK')");
                    assertThat(f.versionId()).isEqualTo("2");
                });

        lf.createDataCellsFilter(b -> b.tableData(filter("us", "region = 'US'")));
        assertThat(lf.listDataCellsFilterPaginator(b -> b.maxResults(1)).stream()
                .flatMap(page -> page.dataCellsFilters().stream()).map(DataCellsFilter::name).toList())
                .containsExactly("eu", "us");
        assertThat(lf.listDataCellsFilter(b -> b.table(t -> t.databaseName("sales").name("customers")))
                .dataCellsFilters()).isEmpty();

        lf.deleteDataCellsFilter(b -> b.tableCatalogId(ACCOUNT).databaseName("sales").tableName("orders").name("eu"));
        assertThatThrownBy(() -> lf.getDataCellsFilter(b -> b.databaseName("sales").tableName("orders").name("eu")))
                .isInstanceOf(EntityNotFoundException.class);
        assertThat(filters.size()).isEqualTo(1);
    }

    @Test
    void refusesWhatLakeFormationRefuses() {
        LakeFormationClient lf = aws.lakeFormation();
        lf.createDataCellsFilter(b -> b.tableData(filter("eu", "region = 'EU'")));
        assertThatThrownBy(() -> lf.createDataCellsFilter(b -> b.tableData(filter("eu", "true"))))
                .isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> lf.createDataCellsFilter(b -> b.tableData(filter("eu", "true").toBuilder()
                .tableName("missing").build()))).isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Table missing not found");
        assertThatThrownBy(() -> lf.createDataCellsFilter(b -> b.tableData(filter("both", "true").toBuilder()
                .columnNames("id").build()))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> lf.updateDataCellsFilter(b -> b.tableData(filter("nope", "true"))))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> lf.deleteDataCellsFilter(b -> b.databaseName("sales").tableName("orders").name("nope")))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void grantsNeedTheirDatabaseOrTable() {
        LakeFormationClient lf = aws.lakeFormation();
        Resource missingTable = Resource.builder().table(TableResource.builder().catalogId(ACCOUNT)
                .databaseName("sales").name("missing").build()).build();
        assertThatThrownBy(() -> lf.grantPermissions(b -> b.principal(ANALYST).resource(missingTable)
                .permissionsWithStrings("SELECT"))).isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Table missing not found in database sales");
        Resource missingColumns = Resource.builder().tableWithColumns(TableWithColumnsResource.builder()
                .databaseName("sales").name("missing").columnNames("id").build()).build();
        assertThatThrownBy(() -> lf.grantPermissions(b -> b.principal(ANALYST).resource(missingColumns)
                .permissionsWithStrings("SELECT"))).isInstanceOf(EntityNotFoundException.class);
        Resource missingDatabase = Resource.builder().database(d -> d.name("nowhere")).build();
        assertThatThrownBy(() -> lf.grantPermissions(b -> b.principal(ANALYST).resource(missingDatabase)
                .permissionsWithStrings("DESCRIBE"))).isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("Database nowhere not found");

        lf.grantPermissions(b -> b.principal(ANALYST).resource(table()).permissionsWithStrings("DESCRIBE"));
        lf.grantPermissions(b -> b.principal(ANALYST).resource(r -> r.database(d -> d.name("sales")))
                .permissionsWithStrings("DESCRIBE"));
        assertThat(lf.listPermissions(b -> b.principal(ANALYST).resource(table())).principalResourcePermissions())
                .extracting(PrincipalResourcePermissions::permissionsAsStrings).containsExactly(List.of("DESCRIBE"));
    }

    @Test
    void grantsOnFiltersNeedTheFilterAndAreListedByIt() {
        LakeFormationClient lf = aws.lakeFormation();
        Resource onFilter = Resource.builder().dataCellsFilter(DataCellsFilterResource.builder().tableCatalogId(ACCOUNT)
                .databaseName("sales").tableName("orders").name("eu").build()).build();
        assertThatThrownBy(() -> lf.grantPermissions(b -> b.principal(ANALYST).resource(onFilter)
                .permissionsWithStrings("SELECT"))).isInstanceOf(EntityNotFoundException.class);

        lf.createDataCellsFilter(b -> b.tableData(filter("eu", "region = 'EU'")));
        lf.grantPermissions(b -> b.principal(ANALYST).resource(onFilter).permissionsWithStrings("SELECT"));
        lf.grantPermissions(b -> b.principal(ANALYST).resource(table()).permissionsWithStrings("DESCRIBE"));

        assertThat(lf.listPermissions(b -> b.principal(ANALYST).resource(onFilter)).principalResourcePermissions())
                .extracting(PrincipalResourcePermissions::resource).containsExactly(onFilter);
        assertThat(lf.listPermissions(b -> b.resource(table()).includeRelated("TRUE")).principalResourcePermissions())
                .extracting(PrincipalResourcePermissions::resource).containsExactlyInAnyOrder(table(), onFilter);
    }

    @Test
    void aTableListsItsColumnPermissionsTooAndSurvivesAWildcardGrant() {
        LakeFormationClient lf = aws.lakeFormation();
        Resource columns = Resource.builder().tableWithColumns(TableWithColumnsResource.builder().catalogId(ACCOUNT)
                .databaseName("sales").name("orders").columnNames("id", "total").build()).build();
        Resource everyTable = Resource.builder().table(TableResource.builder().databaseName("sales")
                .tableWildcard(TableWildcard.builder().build()).build()).build();
        lf.grantPermissions(b -> b.principal(ANALYST).resource(columns).permissionsWithStrings("SELECT"));
        lf.grantPermissions(b -> b.principal(ANALYST).resource(table()).permissionsWithStrings("DESCRIBE"));
        lf.grantPermissions(b -> b.principal(OTHER).resource(table()).permissionsWithStrings("ALTER"));
        lf.grantPermissions(b -> b.principal(OTHER).resource(everyTable).permissionsWithStrings("DESCRIBE"));

        assertThat(lf.listPermissions(b -> b.principal(ANALYST).resource(table())).principalResourcePermissions())
                .extracting(PrincipalResourcePermissions::resource).containsExactlyInAnyOrder(table(), columns);
        assertThat(lf.listPermissions(b -> b.resource(table())).principalResourcePermissions()).hasSize(3);
        assertThat(lf.listPermissions(b -> b.resource(everyTable)).principalResourcePermissions())
                .extracting(p -> p.principal().dataLakePrincipalIdentifier())
                .containsExactly(OTHER.dataLakePrincipalIdentifier());
    }

    private static Resource table() {
        return Resource.builder().table(TableResource.builder().catalogId(ACCOUNT).databaseName("sales").name("orders")
                .build()).build();
    }

    private static DataCellsFilter filter(String name, String rows) {
        return DataCellsFilter.builder().tableCatalogId(ACCOUNT).databaseName("sales").tableName("orders").name(name)
                .rowFilter(RowFilter.builder().filterExpression(rows).build())
                .columnWildcard(ColumnWildcard.builder().excludedColumnNames(List.of("email")).build()).build();
    }
}
