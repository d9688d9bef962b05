package dev.failover.windows.ps;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One cmdlet invocation: the cmdlet and its named parameters in order, each with a typed
 * {@link PsValue}. Built by {@link DhcpCommands}; immutable. {@link #toString()} shows the
 * command as it is written into a script, with secrets as {@code '***'}.
 */
public final class PsCommand {

  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

  /** A named parameter. */
  public record Parameter(String name, PsValue value) {
    /**
     * A parameter; its name must be a PowerShell parameter name (letters and digits).
     *
     * @param name the parameter's name, without the dash
     * @param value its value
     */
    public Parameter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!PARAMETER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not a parameter name: " + name);
      }
    }

    @Override
    public String toString() {
      if (value instanceof PsValue.Switch) {
        return "-" + name;
      }
      if (value instanceof PsValue.SwitchValue) {
        return "-" + name + value.display();
      }
      return "-" + name + " " + value.display();
    }
  }

  private final DhcpCmdlet cmdlet;
  private final List<Parameter> parameters;

  private PsCommand(DhcpCmdlet cmdlet, List<Parameter> parameters) {
    this.cmdlet = Objects.requireNonNull(cmdlet, "cmdlet");
    this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
  }

  static Builder builder(DhcpCmdlet cmdlet) {
    return new Builder(cmdlet);
  }

  /** {@return the cmdlet invoked} */
  public DhcpCmdlet cmdlet() {
    return cmdlet;
  }

  /** {@return the named parameters, in order} */
  public List<Parameter> parameters() {
    return parameters;
  }

  /**
   * {@return the value of a parameter, by name (case-insensitive, as PowerShell binds them)}
   *
   * @param name the parameter's name, without the dash
   */
  public Optional<PsValue> parameter(String name) {
    return parameters.stream().filter(p -> p.name().equalsIgnoreCase(name)).map(Parameter::value).findFirst();
  }

  /**
   * {@return the text of a single-valued text parameter, or the first element of a list parameter}
   *
   * @param name the parameter's name, without the dash
   */
  public Optional<String> text(String name) {
    return parameter(name).flatMap(v -> {
      if (v instanceof PsValue.Text) {
        return Optional.of(((PsValue.Text) v).text());
      }
      if (v instanceof PsValue.TextList) {
        return Optional.of(String.join(",", ((PsValue.TextList) v).texts()));
      }
      if (v instanceof PsValue.Number) {
        return Optional.of(v.display());
      }
      return Optional.empty();
    });
  }

  /**
   * {@return the same command run against another server: {@code -ComputerName} (a DNS name, NetBIOS
   * name or IP literal) added, or replaced}
   *
   * @param computerName the other server's name or address
   */
  public PsCommand onComputer(String computerName) {
    DhcpCommands.requireHost("computerName", computerName);
    List<Parameter> list = new ArrayList<>();
    list.add(new Parameter("ComputerName", new PsValue.Text(computerName)));
    parameters.stream().filter(p -> !p.name().equalsIgnoreCase("ComputerName")).forEach(list::add);
    return new PsCommand(cmdlet, list);
  }

  /** Writes the command as PowerShell source, secrets included. */
  void render(SecureText out) {
    out.append(cmdlet.cmdletName());
    for (Parameter p : parameters) {
      out.append(' ').append('-').append(p.name());
      PsValue v = p.value();
      if (v instanceof PsValue.Switch) {
        continue;
      }
      if (v instanceof PsValue.SwitchValue) {
        out.append(v.display());
        continue;
      }
      out.append(' ');
      if (v instanceof PsValue.SecretText) {
        ((PsValue.SecretText) v).renderInto(out);
      } else {
        out.append(v.display());
      }
    }
  }

  /** The secrets this command carries. */
  List<PsValue.SecretText> secrets() {
    List<PsValue.SecretText> found = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p.value() instanceof PsValue.SecretText) {
        found.add((PsValue.SecretText) p.value());
      }
    }
    return found;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(cmdlet.cmdletName());
    parameters.forEach(p -> b.append(' ').append(p));
    return b.toString();
  }

  /** Collects parameters in order. */
  static final class Builder {
    private final DhcpCmdlet cmdlet;
    private final List<Parameter> parameters = new ArrayList<>();

    private Builder(DhcpCmdlet cmdlet) {
      this.cmdlet = cmdlet;
    }

    Builder add(String name, PsValue value) {
      parameters.add(new Parameter(name, value));
      return this;
    }

    Builder text(String name, String value) {
      return add(name, new PsValue.Text(value));
    }

    Builder texts(String name, List<String> values) {
      return add(name, new PsValue.TextList(values));
    }

    Builder number(String name, long value) {
      return add(name, new PsValue.Number(value));
    }

    Builder bool(String name, boolean value) {
      return add(name, new PsValue.Bool(value));
    }

    Builder flag(String name) {
      return add(name, new PsValue.Switch());
    }

    /** {@code -Confirm:$false} on commands that change the server, so nothing waits for a prompt. */
    Builder noConfirm() {
      return add("Confirm", new PsValue.SwitchValue(false));
    }

    PsCommand build() {
      return new PsCommand(cmdlet, parameters);
    }
  }
}
