package dev.lakehouse.provision.monitoring;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A CloudWatch dashboard: its name and its body in canonical form ({@link Dashboards#canonical}),
 * so that a body CloudWatch hands back reformatted compares equal to the one written.
 */
public record DashboardSpec(String name, JsonNode body) {}
