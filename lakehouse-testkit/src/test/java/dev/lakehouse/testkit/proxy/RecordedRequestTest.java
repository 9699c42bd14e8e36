package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordedRequestTest {

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "glue   | GetTable                  | POST   | false",
        "glue   | BatchGetPartition         | POST   | false",
        "glue   | SearchTables              | POST   | false",
        "glue   | CreateTable               | POST   | true",
        "glue   | BatchCreatePartition      | POST   | true",
        "iam    | ListAttachedRolePolicies  | POST   | false",
        "kms    | DescribeKey               | POST   | false",
        "kms    | PutKeyPolicy              | POST   | true",
        "athena | StartQueryExecution       | POST   | true",
        "s3     | GetBucketLifecycleConfiguration | GET | false",
        "s3     | HeadObject                | HEAD   | false",
        "s3     | PutBucketLifecycleConfiguration | PUT | true",
        "s3     | DeleteObjects             | POST   | true",
        "lakeformation | GET /things        | GET    | false",
        "lakeformation | PATCH /things      | PATCH  | true",
    })
    void tellsReadsFromChanges(String service, String operation, String method, boolean mutating) {
        RecordedRequest request = new RecordedRequest(service, operation, method, "/", 200, Instant.EPOCH);

        assertThat(request.isMutating()).isEqualTo(mutating);
    }
}
