package dev.visiongateway.problem;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A request field that takes one of an enum's values, written in lower case ({@code detail}, {@code format}):
 * one parse and one refusal for the JSON body, the multipart form and the OpenAI-shaped request alike.
 */
public final class EnumChoice {

    private EnumChoice() {
    }

    /** The constant {@code value} names (any case), or a 400 that lists the allowed values. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw refusal(type, value, field);
        }
    }

    /** {@code invalid_detail} for the detail fields, which clients get wrong most, else {@code invalid_request}. */
    public static GatewayProblem refusal(Class<?> type, Object value, String field) {
        String allowed = Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.toString().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        return GatewayProblem.of(field.endsWith("detail") ? ErrorCode.INVALID_DETAIL : ErrorCode.INVALID_REQUEST,
                field.isEmpty() ? null : field, "'" + field + "' must be one of " + allowed + "; got '" + value + "'.");
    }
}
