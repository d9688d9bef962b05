/**
 * The operator's inventory file (YAML or JSON): servers with their connection details and
 * credentials named by environment variable or file, and principals with roles and access bits.
 */
package dev.failover.cli.inventory;
