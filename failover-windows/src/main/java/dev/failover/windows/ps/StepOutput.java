package dev.failover.windows.ps;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one step printed through {@code ConvertTo-Json}: nothing, one object, or an array, read
 * as a list of objects either way.
 */
public final class StepOutput {

  private final String json;
  private final List<JsonNode> items;

  StepOutput(String json) {
    this.json = json;
    this.items = PsJson.items(PsJson.parse(json));
  }

  /** {@return the step's JSON text as printed ({@code null} when the step printed nothing)} */
  public String json() {
    return json;
  }

  /** {@return the objects the step printed} */
  public List<JsonNode> items() {
    return items;
  }

  /** {@return whether the step printed nothing} */
  public boolean isEmpty() {
    return items.isEmpty();
  }

  /**
   * {@return the items read with a {@code fromJson} reader, for example {@code WindowsScopeInfo::fromJson}}
   *
   * @param <T> the type read
   * @param reader reads one object
   */
  public <T> List<T> as(Function<JsonNode, T> reader) {
    return items.stream().map(reader).collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return json == null ? "(no output)" : json;
  }
}
