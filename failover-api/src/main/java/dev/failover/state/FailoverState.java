package dev.failover.state;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.failover.errors.ValidationException;
import dev.failover.server.Vendor;
import java.util.Objects;

/**
 * A failover state as one vendor names it, together with its {@linkplain CommonState common}
 * meaning. Implemented by {@link IscFailoverState}, {@link KeaHaState} and
 * {@link WindowsFailoverState}, so a caller always has both the vendor's word and the common one.
 *
 * <p>JSON: {@code {"vendor":"kea","state":"hot-standby"}} — the vendor id ({@code isc},
 * {@code kea}, {@code windows}) and {@link #vendorName()}.
 */
@JsonSerialize(using = FailoverStateJson.Writer.class)
@JsonDeserialize(using = FailoverStateJson.Reader.class)
public interface FailoverState {

  /** {@return the vendor whose state machine this state belongs to} */
  Vendor vendor();

  /**
   * {@return the state as the vendor writes it: ISC's lease-file token ({@code communications-interrupted}),
   * Kea's state name ({@code hot-standby}), Windows' FSM_STATE name ({@code COMMUNICATION_INT})}
   */
  String vendorName();

  /** {@return the vendor-neutral meaning of the state} */
  CommonState common();

  /**
   * {@return the state of that vendor with that name, read the way the vendor's own parser reads it
   * ({@link IscFailoverState#fromToken}, {@link KeaHaState#fromName},
   * {@link WindowsFailoverState#fromName})}
   *
   * @param vendor the server's vendor
   * @param vendorName the state's name as the vendor writes it
   * @throws ValidationException if the vendor has no such state
   *
   */
  static FailoverState of(Vendor vendor, String vendorName) {
    Objects.requireNonNull(vendor, "vendor");
    switch (vendor) {
      case ISC:
        return IscFailoverState.fromToken(vendorName);
      case KEA:
        return KeaHaState.fromName(vendorName);
      case WINDOWS:
        return WindowsFailoverState.fromName(vendorName);
      default:
        throw new IllegalStateException("unhandled vendor " + vendor);
    }
  }
}
