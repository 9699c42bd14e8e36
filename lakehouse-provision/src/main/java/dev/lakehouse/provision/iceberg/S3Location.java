package dev.lakehouse.provision.iceberg;

/** Where an Iceberg file lies in S3: the bucket and key of an {@code s3://<bucket>/<key>} location. */
record S3Location(String bucket, String key) {

  /** The bucket and key of the location; an {@link IllegalStateException} naming it when it is not in S3. */
  static S3Location parse(String location) {
    int slash = location == null || !location.startsWith("s3://") ? -1 : location.indexOf('/', "s3://".length());
    if (slash < 0) {
      throw new IllegalStateException("not an S3 location: " + location);
    }
    return new S3Location(location.substring("s3://".length(), slash), location.substring(slash + 1));
  }
}
