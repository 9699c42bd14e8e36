package dev.lakehouse.testkit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ProxiedRequestTest {

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/%s/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc";

    @Test
    void namesJsonOperationsByTheirTarget() {
        ProxiedRequest request = classify("POST", "/", "{}", "Authorization", auth("glue"),
                "X-Amz-Target", "AWSGlue.CreateTable", "Content-Type", "application/x-amz-json-1.1");

        assertThat(request.service()).isEqualTo("glue");
        assertThat(request.operation()).isEqualTo("CreateTable");
        assertThat(request.protocol()).isEqualTo(Protocol.JSON);
    }

    @Test
    void namesQueryOperationsByTheActionInTheFormBodyOrTheQueryString() {
        ProxiedRequest form = classify("POST", "/", "Action=CreateRole&Version=2010-05-08&RoleName=r",
                "Authorization", auth("iam"), "Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        ProxiedRequest query = classify("GET", "/?Version=2011-06-15&Action=GetCallerIdentity", "",
                "Authorization", auth("sts"));

        assertThat(form.operation()).isEqualTo("CreateRole");
        assertThat(form.protocol()).isEqualTo(Protocol.QUERY);
        assertThat(query.operation()).isEqualTo("GetCallerIdentity");
        assertThat(query.service()).isEqualTo("sts");
    }

    @Test
    void namesCborOperationsByThePathAndCallsMonitoringCloudwatch() {
        ProxiedRequest request = classify("POST", "/service/GraniteServiceVersion20100801/operation/PutMetricAlarm", "",
                "Authorization", auth("monitoring"), "smithy-protocol", "rpc-v2-cbor");

        assertThat(request.service()).isEqualTo("cloudwatch");
        assertThat(request.operation()).isEqualTo("PutMetricAlarm");
        assertThat(request.protocol()).isEqualTo(Protocol.RPC_V2_CBOR);
    }

    @Test
    void namesRestJsonOperationsByASingleOperationSegmentOrDescribesThem() {
        ProxiedRequest named = classify("POST", "/GetDataLakeSettings", "{}", "Authorization", auth("lakeformation"));
        ProxiedRequest described = classify("GET", "/things/abc?maxResults=3", "", "Authorization", auth("other"));

        assertThat(named.operation()).isEqualTo("GetDataLakeSettings");
        assertThat(described.operation()).isEqualTo("GET /things/abc?maxResults");
    }

    @Test
    void takesTheServiceOfAPresignedRequestFromItsCredentialParameter() {
        ProxiedRequest request = classify("GET",
                "/bucket/key?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=testing%2F20260101%2Fus-east-1%2Fs3%2Faws4_request",
                "");

        assertThat(request.service()).isEqualTo("s3");
        assertThat(request.operation()).isEqualTo("GetObject");
    }

    @Test
    void callsUnsignedRequestsUnknown() {
        assertThat(classify("GET", "/", "").service()).isEqualTo("unknown");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /                                   | ListBuckets",
        "PUT    | /bucket                             | CreateBucket",
        "HEAD   | /bucket                             | HeadBucket",
        "DELETE | /bucket                             | DeleteBucket",
        "GET    | /bucket?list-type=2&prefix=a%2F     | ListObjectsV2",
        "GET    | /bucket/?list-type=2                | ListObjectsV2",
        "PUT    | /bucket?lifecycle                   | PutBucketLifecycleConfiguration",
        "GET    | /bucket?lifecycle                   | GetBucketLifecycleConfiguration",
        "DELETE | /bucket?lifecycle                   | DeleteBucketLifecycle",
        "PUT    | /bucket?encryption                  | PutBucketEncryption",
        "PUT    | /bucket?publicAccessBlock           | PutPublicAccessBlock",
        "GET    | /bucket?versioning                  | GetBucketVersioning",
        "POST   | /bucket?delete                      | DeleteObjects",
        "PUT    | /bucket/a/b.parquet?x-id=PutObject  | PutObject",
        "GET    | /bucket/a/b.parquet?versionId=3     | GetObject",
        "HEAD   | /bucket/a/b.parquet                 | HeadObject",
        "DELETE | /bucket/a/b.parquet                 | DeleteObject",
        "POST   | /bucket/big?uploads                 | CreateMultipartUpload",
        "PUT    | /bucket/big?partNumber=1&uploadId=u | UploadPart",
        "POST   | /bucket/big?uploadId=u              | CompleteMultipartUpload",
        "PUT    | /bucket/a?tagging                   | PutObjectTagging",
        "PUT    | /bucket?intelligent-tiering&id=x    | PutBucketIntelligentTieringConfiguration",
        "GET    | /bucket?intelligent-tiering&id=x    | GetBucketIntelligentTieringConfiguration",
        "GET    | /bucket?intelligent-tiering         | ListBucketIntelligentTieringConfigurations",
        "DELETE | /bucket?intelligent-tiering&id=x    | DeleteBucketIntelligentTieringConfiguration",
        "PUT    | /bucket?analytics&id=x              | PUT /bucket?analytics&id",
    })
    void namesS3Operations(String method, String target, String operation) {
        assertThat(classify(method, target, "", "Authorization", auth("s3")).operation()).isEqualTo(operation);
    }

    @Test
    void namesACopyByItsSourceHeader() {
        assertThat(classify("PUT", "/bucket/copy", "", "Authorization", auth("s3"),
                "x-amz-copy-source", "/bucket/original").operation()).isEqualTo("CopyObject");
    }

    private static String auth(String service) {
        return String.format(AUTH, service);
    }

    private static ProxiedRequest classify(String method, String target, String body, String... headers) {
        return ProxiedRequest.classify(new HttpWire.Request(method, target, Headers.of(headers),
                body.getBytes(StandardCharsets.UTF_8)));
    }
}
