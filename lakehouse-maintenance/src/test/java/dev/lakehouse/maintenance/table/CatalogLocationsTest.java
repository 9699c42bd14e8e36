package dev.lakehouse.maintenance.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogLocationsTest {
  private static final CatalogLocations CATALOG = new CatalogLocations(List.of(
      new CatalogLocations.Located("raw.events", "s3://b/raw/events/"),
      new CatalogLocations.Located("raw.late", "s3a://b/raw/events/late"),
      new CatalogLocations.Located("raw.late", "s3://b/raw/events/late/"),
      new CatalogLocations.Located("scratch.copy", "s3n://b/raw/events//"),
      new CatalogLocations.Located("raw.ev", "s3://b/raw/ev/"),
      new CatalogLocations.Located("other.bucket", "s3://b2/raw/events/late/"),
      new CatalogLocations.Located("local.file", "file:///b/raw/events/x/")), null);

  @Test
  void findsTheTablesStoredAtOrUnderALocationWhateverTheSchemeAndTrailingSlashes() {
    assertThat(CATALOG.nestedUnder("s3://b/raw/events", "raw.events")).extracting(CatalogLocations.Located::glueName)
        .containsExactly("raw.late", "scratch.copy");
  }

  @Test
  void aLocationThatSharesOnlyTheStartOfANameHoldsNoOtherTable() {
    assertThat(CATALOG.nestedUnder("s3://b/raw/ev", "raw.ev")).isEmpty();
    assertThat(CATALOG.nestedUnder("s3://b/raw/events/late/", "raw.late")).isEmpty();
  }

  @Test
  void aBucketRootHoldsEveryTableOfTheBucket() {
    assertThat(CATALOG.nestedUnder("s3://b", "root.table")).extracting(CatalogLocations.Located::glueName)
        .containsExactly("raw.events", "raw.late", "scratch.copy", "raw.ev");
  }

  @Test
  void normalisesS3LocationsAndIgnoresOthers() {
    assertThat(CatalogLocations.prefix("S3A://b/x//")).contains("s3://b/x/");
    assertThat(CatalogLocations.prefix("s3://b")).contains("s3://b/");
    assertThat(CatalogLocations.prefix("s3://")).isEmpty();
    assertThat(CatalogLocations.prefix("hdfs://n/x")).isEmpty();
    assertThat(CatalogLocations.prefix(null)).isEmpty();
  }
}
