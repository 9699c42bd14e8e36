package dev.lakehouse.provision.lakeformation;

import dev.lakehouse.config.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * Whether an IAM role the config names as a Lake Formation principal (a grant's, a data filter's
 * {@code grantSelectTo}, an admin) exists. Lake Formation refuses a principal it cannot find
 * ({@code InvalidInputException: Invalid principal}); without this, a misspelt role would be met
 * only at apply, after the wait for IAM to propagate a role that never comes ({@code IamWaiters})
 * and after other resources had changed. The plan refuses it instead, naming the role and the
 * closest one the account has.
 *
 * <p>Told from the account's roles, listed once per read of the stack (the search for the
 * stack's roles lists them too, {@code IamProvider.roles}). Only roles of the stack's own account
 * are judged, and not the stack's own roles, which the plan makes; users, other accounts'
 * principals, SAML providers and {@code IAM_ALLOWED_PRINCIPALS} cannot be told this way, and pass.
 */
final class Principals {
  private static final Pattern ROLE =
      Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/((?:[\\w+=,.@-]+/)*)([\\w+=,.@-]+)");


  private final String account;
  private final Predicate<String> stackRole;
  private final List<String> stackRoleNames;
  private final Supplier<List<Role>> roles;

  /**
   * @param stackRole whether a principal ARN is one of the stack's own roles
   * @param stackRoleNames the names of the stack's own roles, which a plan may be about to make
   * @param roles the account's roles, listed once and shared; null to judge none
   */
  Principals(String account, Predicate<String> stackRole, List<String> stackRoleNames, Supplier<List<Role>> roles) {
    this.account = account;
    this.stackRole = stackRole;
    this.stackRoleNames = List.copyOf(stackRoleNames);
    this.roles = roles;
  }

  /**
   * Judges no principal, but knows the stack's roles: for the search for what the stack made,
   * which creates nothing.
   */
  static Principals unjudged(String account, Predicate<String> stackRole) {
    return new Principals(account, stackRole, List.of(), null);
  }

  /** Whether a principal ARN is one of the stack's own roles. */
  boolean isStackRole(String principal) {
    return stackRole.test(principal);
  }

  /** Why Lake Formation would refuse the principal, when it is a role of this account that does not exist. */
  Optional<String> missing(String principal) {
    Matcher role = ROLE.matcher(principal);
    if (roles == null || !role.matches() || !role.group(1).equals(account) || stackRole.test(principal)) {
      return Optional.empty();
    }
    List<Role> listed = roles.get();
    if (listed.stream().anyMatch(found -> found.arn().equalsIgnoreCase(principal))) {
      return Optional.empty();
    }
    String name = role.group(3);
    Optional<Role> elsewhere = listed.stream().filter(found -> found.roleName().equalsIgnoreCase(name)).findFirst();
    if (elsewhere.isPresent()) {
      return Optional.of("the IAM role " + name + " of account " + account + " is " + elsewhere.get().arn()
          + ", not " + principal + ", and Lake Formation refuses a principal it cannot find; write its ARN with "
          + "its path");
    }
    List<String> names = new ArrayList<>(stackRoleNames);
    listed.stream().map(Role::roleName).forEach(names::add);
    return Optional.of("there is no IAM role " + name + (role.group(2).isEmpty() ? "" : " at path /" + role.group(2))
        + " in account " + account + ", and Lake Formation refuses a principal it cannot find"
        + Suggestions.didYouMean(name, names)
        + "; correct the ARN, or make the role first");
  }
}
