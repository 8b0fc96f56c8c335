package dev.tempered.activities.stage;

import java.util.ArrayList;
import java.util.List;

/**
 * One stage parameter: its type, default, range and meaning, as {@link StageParams} derives it from
 * a params record's {@link Param} annotations. Validation errors name the field path and the bad
 * value. Canonical values are {@code Long}, {@code Double}, {@code Boolean}, {@code String} and
 * {@code List<String>}: the params JSON, and so the cache key, is built from them.
 *
 * @param min inclusive lower bound for numbers (ignored otherwise)
 * @param max inclusive upper bound for numbers (ignored otherwise)
 * @param choices the accepted values of a {@link Type#CHOICE}, or of each element of a
 *                {@link Type#STRING_LIST}; empty means any
 */
public record ParamSpec(
        String name, Type type, Object defaultValue, double min, double max, String description, List<String> choices) {
    public enum Type {
        INTEGER,
        NUMBER,
        BOOLEAN,
        STRING,
        STRING_LIST,
        CHOICE
    }

    public ParamSpec {
        choices = List.copyOf(choices);
    }

    public ParamSpec(String name, Type type, Object defaultValue, double min, double max, String description) {
        this(name, type, defaultValue, min, max, description, List.of());
    }

    public static ParamSpec integer(String name, long defaultValue, long min, long max, String description) {
        return new ParamSpec(name, Type.INTEGER, defaultValue, min, max, description);
    }

    public static ParamSpec number(String name, double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, Type.NUMBER, defaultValue, min, max, description);
    }

    public static ParamSpec bool(String name, boolean defaultValue, String description) {
        return new ParamSpec(name, Type.BOOLEAN, defaultValue, 0, 0, description);
    }

    public static ParamSpec string(String name, String defaultValue, String description) {
        return new ParamSpec(name, Type.STRING, defaultValue, 0, 0, description);
    }

    /** A string that must be one of {@code choices}, such as a device name. */
    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        if (!choices.contains(defaultValue))
            throw new IllegalArgumentException(name + ": default " + defaultValue + " is not in " + choices);
        return new ParamSpec(name, Type.CHOICE, defaultValue, 0, 0, description, choices);
    }

    public static ParamSpec stringList(String name, List<String> defaultValue, String description) {
        return new ParamSpec(name, Type.STRING_LIST, defaultValue, 0, 0, description);
    }

    /** Coerces a raw YAML/JSON value to this parameter's canonical type, or throws naming {@code path}. */
    public Object coerce(Object raw, String path) {
        String bad = path + ": expected " + expectation() + ", got " + describe(raw);
        switch (type) {
            case INTEGER -> {
                long value;
                if ((raw instanceof Integer || raw instanceof Long || raw instanceof Short)
                        && raw instanceof Number n) {
                    value = n.longValue();
                } else if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))
                    value = n.longValue();
                else throw new IllegalArgumentException(bad);
                if (value < min || value > max) throw new IllegalArgumentException(bad);
                return value;
            }
            case NUMBER -> {
                if (!(raw instanceof Number n) || Double.isNaN(n.doubleValue()))
                    throw new IllegalArgumentException(bad);
                double value = n.doubleValue();
                if (value < min || value > max) throw new IllegalArgumentException(bad);
                return value;
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean b)) throw new IllegalArgumentException(bad);
                return b;
            }
            case STRING -> {
                if (!(raw instanceof String s)) throw new IllegalArgumentException(bad);
                return s;
            }
            case CHOICE -> {
                if (!(raw instanceof String s) || !choices.contains(s)) throw new IllegalArgumentException(bad);
                return s;
            }
            case STRING_LIST -> {
                if (!(raw instanceof List<?> list)) throw new IllegalArgumentException(bad);
                List<String> values = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    if (!(list.get(i) instanceof String s) || s.isBlank()) {
                        throw new IllegalArgumentException(
                                path + "[" + i + "]: expected a non-empty string, got " + describe(list.get(i)));
                    }
                    if (!choices.isEmpty() && !choices.contains(s)) {
                        throw new IllegalArgumentException(path + "[" + i + "]: expected one of "
                                + String.join(", ", choices) + ", got " + describe(s));
                    }
                    values.add(s);
                }
                return List.copyOf(values);
            }
            default -> throw new IllegalStateException("unhandled type " + type);
        }
    }

    private String expectation() {
        return switch (type) {
            case INTEGER -> "an integer from " + (long) min + " to " + (long) max;
            case NUMBER -> "a number from " + min + " to " + max;
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case STRING_LIST -> choices.isEmpty() ? "a list of strings" : "a list of " + String.join(", ", choices);
            case CHOICE -> "one of " + String.join(", ", choices);
        };
    }

    private static String describe(Object raw) {
        if (raw == null) return "nothing";
        if (raw instanceof String s) return "'" + s + "'";
        return raw + " (" + raw.getClass().getSimpleName().toLowerCase() + ")";
    }
}
