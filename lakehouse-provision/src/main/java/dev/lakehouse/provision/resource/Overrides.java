package dev.lakehouse.provision.resource;

import java.util.Set;

/**
 * What the user allows a run beyond the safe default: the kinds of data it may lose
 * ({@code --allow-data-loss KIND}, repeatable), and whether it may take over existing resources
 * that lack the stack's ownership tags ({@code --adopt}).
 */
public record Overrides(Set<String> allowedDataLoss, boolean adopt) {
  public static final Overrides NONE = new Overrides(Set.of());

  public Overrides(Set<String> allowedDataLoss) {
    this(allowedDataLoss, false);
  }

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
