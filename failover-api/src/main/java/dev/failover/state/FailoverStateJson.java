package dev.failover.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.failover.errors.ValidationException;
import dev.failover.errors.Violation;
import dev.failover.spi.Texts;
import dev.failover.server.Vendor;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/** The JSON form of {@link FailoverState}: {@code {"vendor":"isc","state":"normal"}}. Not API. */
final class FailoverStateJson {

  private FailoverStateJson() {}

  /** The id a vendor has in JSON: {@code isc}, {@code kea}, {@code windows}. */
  static String vendorId(Vendor vendor) {
    return vendor.name().toLowerCase(Locale.ROOT);
  }

  static Vendor vendorOf(String id) {
    for (Vendor v : Vendor.values()) {
      if (vendorId(v).equalsIgnoreCase(id)) {
        return v;
      }
    }
    throw new ValidationException("failover state", List.of(new Violation("vendor", Texts.quoted(id),
        "must be one of isc, kea, windows")));
  }

  /** Writes a state as its vendor id and vendor name. */
  static final class Writer extends StdSerializer<FailoverState> {

    private static final long serialVersionUID = 1L;

    Writer() {
      super(FailoverState.class);
    }

    @Override
    public void serialize(FailoverState value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeStartObject();
      gen.writeStringField("vendor", vendorId(value.vendor()));
      gen.writeStringField("state", value.vendorName());
      gen.writeEndObject();
    }
  }

  /** Reads {@code {"vendor":..,"state":..}} back into the vendor's enum constant. */
  static final class Reader extends StdDeserializer<FailoverState> {

    private static final long serialVersionUID = 1L;

    Reader() {
      super(FailoverState.class);
    }

    @Override
    public FailoverState deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
      JsonNode node = parser.readValueAsTree();
      if (node == null || !node.isObject() || !node.path("vendor").isTextual() || !node.path("state").isTextual()) {
        return ctxt.reportInputMismatch(FailoverState.class,
            "a failover state must be written as {\"vendor\": \"isc|kea|windows\", \"state\": \"<vendor's name>\"}");
      }
      try {
        return FailoverState.of(vendorOf(node.get("vendor").asText()), node.get("state").asText());
      } catch (ValidationException e) {
        // as for values built by a JSON creator: a mapping error whose cause is the validation
        throw JsonMappingException.from(parser, e.getMessage(), e);
      }
    }
  }
}
