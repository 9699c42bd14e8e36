package dev.lakehouse.provision.resource;

import java.util.Set;

/** The kinds of data the user allows a run to lose ({@code --allow-data-loss KIND}, repeatable). */
public record Overrides(Set<String> allowedDataLoss) {
  public static final Overrides NONE = new Overrides(Set.of());

  public Overrides {
    for (String kind : allowedDataLoss) {
      if (!DataRisk.KINDS.contains(kind)) {
        throw new IllegalArgumentException("Unknown kind of data loss '" + kind + "'; use one of "
            + String.join(", ", DataRisk.KINDS));
      }
    }
    allowedDataLoss = Set.copyOf(allowedDataLoss);
  }

  public boolean allows(DataRisk risk) {
    return allowedDataLoss.contains(risk.kind());
  }
}
