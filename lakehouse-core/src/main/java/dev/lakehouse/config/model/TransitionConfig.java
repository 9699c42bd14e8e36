package dev.lakehouse.config.model;

/** Move objects to a colder storage class some days after creation (or after becoming noncurrent). */
public record TransitionConfig(Integer afterDays, String storageClass) {}
