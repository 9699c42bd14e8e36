package dev.lakehouse.testkit.proxy;

/** The AWS wire protocols the SDK speaks, which decide how a request names its operation and errors. */
enum Protocol {
    /** awsJson 1.0/1.1: {@code X-Amz-Target: Prefix.Operation}, JSON body (Glue, Athena, KMS). */
    JSON,
    /** awsQuery: {@code Action=Operation} form body, XML response (IAM, STS, SNS). */
    QUERY,
    /** Smithy RPC v2 CBOR: {@code POST /service/<Service>/operation/<Operation>} (CloudWatch). */
    RPC_V2_CBOR,
    /** restXml as S3 speaks it: the operation is implied by method, path and subresource. */
    REST_XML,
    /** restJson1: the operation is implied by method and path (Lake Formation). */
    REST_JSON
}
