package dev.tempered.activities.stage;

import dev.tempered.workflows.StageRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Typed stage params: the spec list derived from a params record ({@link Param} on each component,
 * defaults in its {@code DEFAULTS} constant), a raw YAML/JSON map normalised against it, and the
 * record read back from normalised params.
 *
 * <p>Normalised params are a sorted map of canonical values (see {@link ParamSpec}); their JSON is
 * the stage run's params and part of its cache key, so it must not change for the same values.
 *
 * <pre>
 * PretrainParams p = StageParams.read(request, PretrainParams.class);
 * </pre>
 */
public final class StageParams {
    private static final ClassValue<Derived> DERIVED = new ClassValue<>() {
        @Override
        protected Derived computeValue(Class<?> type) {
            return derive(type);
        }
    };

    private StageParams() {}

    /** The parameters of a params record, in component order. */
    public static List<ParamSpec> specs(Class<? extends Record> type) {
        return DERIVED.get(type).specs;
    }

    /**
     * Fills defaults and validates {@code raw}, naming {@code path} (e.g. {@code demo.yaml:
     * stages[0].params}) in errors, and {@code stage} with the known names for an unknown key.
     */
    public static Map<String, Object> normalize(
            Class<? extends Record> type, String stage, Map<String, Object> raw, String path) {
        List<ParamSpec> specs = specs(type);
        Map<String, Object> given = raw == null ? Map.of() : raw;
        List<String> known = specs.stream().map(ParamSpec::name).toList();
        for (String key : given.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(path + "." + key + ": unknown parameter of stage '" + stage
                        + "'; known: " + String.join(", ", known));
            }
        }
        Map<String, Object> normalized = new TreeMap<>();
        for (ParamSpec p : specs) {
            Object value = given.containsKey(p.name()) ? given.get(p.name()) : p.defaultValue();
            normalized.put(p.name(), p.coerce(value, path + "." + p.name()));
        }
        return normalized;
    }

    /** The stage request's params as their record, validated again (a request may come from anywhere). */
    public static <R extends Record> R read(StageRequest request, Class<R> type) {
        return read(request.params(), type);
    }

    /** Normalised (or raw) params as their record; missing ones take their defaults. */
    public static <R extends Record> R read(Map<String, Object> params, Class<R> type) {
        Derived d = DERIVED.get(type);
        Map<String, Object> normalized = normalize(type, type.getSimpleName(), params, "params");
        Object[] args = new Object[d.components.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = toComponent(
                    d.components[i].getType(), normalized.get(d.specs.get(i).name()));
        }
        try {
            return type.cast(d.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            // The record's own checks (such as heads dividing width) speak for themselves.
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }

    /** {@code batchSize} → {@code batch_size}; {@code c4FilterNoTerminalPunct} → {@code c4_filter_no_terminal_punct}. */
    static String snakeCase(String camel) {
        StringBuilder out = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) out.append('_').append(Character.toLowerCase(c));
            else out.append(c);
        }
        return out.toString();
    }

    private record Derived(List<ParamSpec> specs, RecordComponent[] components, Constructor<?> constructor) {}

    private static Derived derive(Class<?> type) {
        if (!type.isRecord())
            throw new IllegalStateException(type.getName() + " is not a record; stage params are records");
        RecordComponent[] components = type.getRecordComponents();
        Object defaults = defaultsOf(type);
        List<ParamSpec> specs = new ArrayList<>();
        for (RecordComponent c : components) {
            String where = type.getSimpleName() + "." + c.getName();
            Param param = c.getAnnotation(Param.class);
            if (param == null)
                throw new IllegalStateException(where + " has no @Param: every stage parameter needs its doc");
            Object defaultValue;
            try {
                defaultValue = canonical(c.getAccessor().invoke(defaults));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(where + ": cannot read its default: " + e, e);
            }
            specs.add(spec(snakeCase(c.getName()), c, param, defaultValue, where));
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return new Derived(List.copyOf(specs), components, constructor);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no canonical constructor", e);
        }
    }

    private static Object defaultsOf(Class<?> type) {
        try {
            Field f = type.getField("DEFAULTS");
            if (!Modifier.isStatic(f.getModifiers()) || f.getType() != type) throw new NoSuchFieldException("DEFAULTS");
            Object defaults = f.get(null);
            if (defaults == null) throw new IllegalStateException(type.getName() + ".DEFAULTS is null");
            return defaults;
        } catch (NoSuchFieldException | IllegalAccessException e) {
            throw new IllegalStateException(
                    type.getName() + " needs a public static final " + type.getSimpleName()
                            + " DEFAULTS: the stage's default params",
                    e);
        }
    }

    private static ParamSpec spec(String name, RecordComponent c, Param p, Object defaultValue, String where) {
        Class<?> t = c.getType();
        List<String> choices = List.of(p.choices());
        if (t == int.class || t == long.class) {
            double typeMin = t == int.class ? Integer.MIN_VALUE : Long.MIN_VALUE;
            double typeMax = t == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE;
            return new ParamSpec(
                    name,
                    ParamSpec.Type.INTEGER,
                    defaultValue,
                    Math.max(p.min(), typeMin),
                    Math.min(p.max(), typeMax),
                    p.doc());
        }
        if (t == double.class)
            return new ParamSpec(name, ParamSpec.Type.NUMBER, defaultValue, p.min(), p.max(), p.doc());
        if (t == boolean.class) return new ParamSpec(name, ParamSpec.Type.BOOLEAN, defaultValue, 0, 0, p.doc());
        if (t == String.class) {
            return new ParamSpec(
                    name,
                    choices.isEmpty() ? ParamSpec.Type.STRING : ParamSpec.Type.CHOICE,
                    defaultValue,
                    0,
                    0,
                    p.doc(),
                    choices);
        }
        if ((t == List.class || t == Set.class) && isStringCollection(c.getGenericType())) {
            return new ParamSpec(name, ParamSpec.Type.STRING_LIST, defaultValue, 0, 0, p.doc(), choices);
        }
        throw new IllegalStateException(where + ": type " + c.getGenericType()
                + " is not a stage param type (int, long, double, boolean, String, List<String>, Set<String>)");
    }

    private static boolean isStringCollection(Type generic) {
        return generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] == String.class;
    }

    /** A record component's value as a canonical param value; a set's elements sorted so defaults are stable. */
    private static Object canonical(Object value) {
        if (value instanceof Integer i) return i.longValue();
        if (value instanceof Set<?> set)
            return List.copyOf(new TreeSet<>(set.stream().map(String::valueOf).toList()));
        if (value instanceof List<?> list) return List.copyOf(list);
        return value;
    }

    private static Object toComponent(Class<?> t, Object canonical) {
        if (t == int.class && canonical instanceof Number n) return Math.toIntExact(n.longValue());
        if (t == long.class && canonical instanceof Number n) return n.longValue();
        if (t == double.class && canonical instanceof Number n) return n.doubleValue();
        if (t == Set.class && canonical instanceof List<?> list) return Set.copyOf(list);
        if (t == List.class && canonical instanceof List<?> list) return List.copyOf(list);
        return canonical;
    }

    /** A record's params as the canonical map (for tests and for stages that build params in code). */
    public static Map<String, Object> toMap(Record params) {
        Map<String, Object> out = new LinkedHashMap<>();
        Derived d = DERIVED.get(params.getClass());
        for (int i = 0; i < d.components.length; i++) {
            try {
                out.put(
                        d.specs.get(i).name(),
                        canonical(d.components[i].getAccessor().invoke(params)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + d.components[i].getName() + ": " + e, e);
            }
        }
        return new TreeMap<>(out);
    }
}
