package dev.lakehouse.config.model;

import java.util.Map;

/** The Glue Data Catalog database of a zone. */
public record DatabaseConfig(String name, String description, Map<String, String> parameters) {
  public DatabaseConfig {
    description = Defaults.or(description, "");
    parameters = Defaults.map(parameters);
  }
}
