package dev.failover;

import dev.failover.errors.MissingValuesException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/**
 * The Immutables style of every value type in the SDK, backends included: JDK collections only,
 * public generated classes named {@code Immutable*}, {@code with*} copies, builders that add
 * one element at a time ({@code addPool}) as well as all at once ({@code addAllPools}), and a
 * missing required field is a {@link MissingValuesException} (a validation error naming each).
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    jdkOnly = true,
    visibility = Value.Style.ImplementationVisibility.PUBLIC,
    defaults = @Value.Immutable(copy = true),
    depluralize = true,
    depluralizeDictionary = {"address:addresses", "exclusion:exclusions", "reservation:reservations"},
    redactedMask = "***",
    allParameters = false,
    throwForInvalidImmutableState = MissingValuesException.class)
public @interface FailoverStyle {}
