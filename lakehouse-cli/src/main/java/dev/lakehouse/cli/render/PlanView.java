package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Plan;

/** Shows plans and apply results; one implementation for people, one for machines. */
public interface PlanView {
  void plan(Stack stack, Plan plan);

  void applied(Stack stack, Plan plan, ApplyResult result);

  static PlanView of(Output output) {
    return output.json() ? new JsonPlanView(output) : new HumanPlanView(output);
  }
}
