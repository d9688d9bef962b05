package dev.failover.cli;

import dev.failover.plan.Operation;
import dev.failover.plan.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command of the tool: it runs against the run's {@link Session} and writes through its {@link Output}. */
abstract class CliCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  FailoverCli tool() {
    return (FailoverCli) spec.root().userObject();
  }

  @Override
  public final Integer call() {
    FailoverCli tool = tool();
    Session session = tool.session();
    // an unknown --as is an error on every command, also on those that only read
    session.principal();
    return run(session, tool.output());
  }

  abstract int run(Session session, Output out);

  /** Plans the operation and hands the plan to {@link PlanReview}. */
  int review(Session session, Output out, Operation operation, ApplyOptions options) {
    if (options.apply) {
      session.requirePrincipal();
    }
    Plan plan = session.failover().plan(operation);
    return PlanReview.review(session, out, tool().terminal(), plan, options);
  }
}
