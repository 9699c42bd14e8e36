package dev.lakehouse.config.model;

/** Encryption at rest: the stack's KMS key, or none (SSE-S3 everywhere). */
public record EncryptionConfig(KmsKeyConfig kmsKey) {}
