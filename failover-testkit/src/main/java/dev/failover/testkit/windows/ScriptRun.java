package dev.failover.testkit.windows;

/**
 * What running a script printed, as a PowerShell process would: the exit code, standard output
 * (the one JSON document of a composed script) and standard error (a parser error, for a script
 * that is not one the backend composes).
 */
public record ScriptRun(int exitCode, String stdout, String stderr) {}
