package dev.lakehouse.provision.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attribute that differs: its path inside the resource ({@code versioning},
 * {@code lifecycle[tier-down].transitions[0].afterDays}) and its value before and after
 * (null for absent).
 */
public record AttributeChange(String path, JsonNode before, JsonNode after, boolean forcesReplacement) {}
