package dev.lakehouse.cli.render;

import dev.lakehouse.cli.Output;
import dev.lakehouse.config.Stack;
import dev.lakehouse.provision.engine.ApplyResult;
import dev.lakehouse.provision.engine.Plan;
import java.util.List;

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
    return of(output, List.of());
  }

  /**
   * The view of a plan limited to the {@code --target} addresses given, whose sentences about the
   * stack as a whole speak of those targets only.
   */
  static PlanView of(Output output, List<String> targets) {
    return output.json() ? new JsonPlanView(output) : new HumanPlanView(output, targets);
  }
}
