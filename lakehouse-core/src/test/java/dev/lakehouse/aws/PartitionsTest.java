package dev.lakehouse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A region's partition and the domain of its service endpoints, also for a region the SDK does not list yet. */
class PartitionsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"us-east-1, aws, amazonaws.com", "cn-north-1, aws-cn, amazonaws.com.cn",
      "cn-northwest-1, aws-cn, amazonaws.com.cn", "us-gov-west-1, aws-us-gov, amazonaws.com",
      "us-gov-east-1, aws-us-gov, amazonaws.com", "us-iso-east-1, aws-iso, c2s.ic.gov",
      "us-isob-east-1, aws-iso-b, sc2s.sgov.gov", "eusc-de-east-1, aws-eusc, amazonaws.eu",
      "cn-south-9, aws-cn, amazonaws.com.cn", "us-gov-north-9, aws-us-gov, amazonaws.com"})
  void aRegionIsInItsPartitionWithItsDomain(String region, String partition, String dnsSuffix) {
    assertThat(Partitions.of(region)).isEqualTo(partition);
    assertThat(Partitions.dnsSuffix(region)).isEqualTo(dnsSuffix);
  }
}
