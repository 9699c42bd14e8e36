package dev.lakehouse.provision.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders resources so that each comes after the resources it depends on. */
public final class DependencyGraph {
  private DependencyGraph() {}

  /**
   * A topological order of the nodes, stable: among nodes whose dependencies are met, the
   * one given first comes first. Dependencies on nodes not in the map are ignored.
   *
   * @throws IllegalArgumentException naming the cycle, when there is one
   */
  public static List<Address> order(Map<Address, Set<Address>> dependsOn) {
    List<Address> ordered = new ArrayList<>(dependsOn.size());
    Set<Address> done = new LinkedHashSet<>();
    Set<Address> visiting = new LinkedHashSet<>();
    for (Address node : dependsOn.keySet()) {
      visit(node, dependsOn, done, visiting, ordered);
    }
    return ordered;
  }

  private static void visit(Address node, Map<Address, Set<Address>> dependsOn, Set<Address> done,
      Set<Address> visiting, List<Address> ordered) {
    if (done.contains(node)) {
      return;
    }
    if (!visiting.add(node)) {
      List<Address> path = new ArrayList<>(visiting);
      List<Address> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      throw new IllegalArgumentException("a cycle of dependencies: "
          + String.join(" -> ", cycle.stream().map(Address::toString).toList()));
    }
    for (Address dependency : dependsOn.get(node)) {
      if (dependsOn.containsKey(dependency)) {
        visit(dependency, dependsOn, done, visiting, ordered);
      }
    }
    visiting.remove(node);
    done.add(node);
    ordered.add(node);
  }

  /** For each node, the nodes that depend on it. */
  public static Map<Address, Set<Address>> dependents(Map<Address, Set<Address>> dependsOn) {
    Map<Address, Set<Address>> dependents = new LinkedHashMap<>();
    dependsOn.keySet().forEach(node -> dependents.put(node, new LinkedHashSet<>()));
    dependsOn.forEach((node, dependencies) -> dependencies.forEach(dependency -> {
      if (dependents.containsKey(dependency)) {
        dependents.get(dependency).add(node);
      }
    }));
    return dependents;
  }
}
