package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Plan;

/** Shows plans and apply results; one implementation for people, one for machines. */
public interface PlanView {
  /** What the plan is for: making the account match the config, or removing the stack. */
  enum Operation {
    APPLY("apply"), DESTROY("destroy");

    private final String word;

    Operation(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  void plan(Stack stack, Operation operation, Plan plan);

  void applied(Stack stack, Operation operation, Plan plan, ApplyResult result);

  /** What apply or destroy shows of a plan with nothing to change: there is nothing to carry out. */
  void nothingToChange(Stack stack, Operation operation, Plan plan);

  static PlanView of(Output output) {
    return output.json() ? new JsonPlanView(output) : new HumanPlanView(output);
  }
}
