package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * A record and a tagged tuple, a map with atom keys or a plain tuple ({@link RecordStyle}). The
 * reflection is done once: the accessors and the canonical constructor become method handles.
 */
final class RecordCodec implements Codec {
  private static final MethodType ACCESSOR = MethodType.methodType(Object.class, Object.class);

  private final Class<?> type;
  private final RecordStyle style;
  private final Atom tag;
  private final String[] names;
  private final Atom[] keys;
  private final Type[] componentTypes;
  private final boolean[] optional;
  private final MethodHandle[] accessors;
  private final MethodHandle constructor;
  private final CodecFactory factory;
  private final Atom structKey;
  // Components in map key order (the struct key, when there is one, is -1), so that the maps this
  // codec writes are already in the order ErlMap keeps.
  private final int[] keyOrder;
  private final String shape;
  // Resolved on first use, so that a record may (through a list, say) contain itself.
  private volatile Codec[] components;

  RecordCodec(Type recordType, CodecFactory factory) {
    this.type = Types.rawClass(recordType);
    this.factory = factory;
    MapperSettings settings = factory.settings();
    TermRecord annotation = type.getAnnotation(TermRecord.class);
    this.style = style(annotation, settings.records());
    this.tag =
        annotation != null && !annotation.tag().isEmpty()
            ? Names.atomNamed(annotation.tag())
            : Names.atom(type.getSimpleName(), settings.recordNaming());
    this.structKey =
        style == RecordStyle.MAP && settings.structKey() ? MapperSettings.STRUCT : null;

    RecordComponent[] recordComponents = type.getRecordComponents();
    int n = recordComponents.length;
    Map<TypeVariable<?>, Type> bindings = Types.bindings(recordType);
    names = new String[n];
    keys = new Atom[n];
    componentTypes = new Type[n];
    optional = new boolean[n];
    accessors = new MethodHandle[n];
    Class<?>[] parameterTypes = new Class<?>[n];
    for (int i = 0; i < n; i++) {
      RecordComponent component = recordComponents[i];
      names[i] = component.getName();
      TermName name = component.getAnnotation(TermName.class);
      keys[i] =
          name != null
              ? Names.atomNamed(name.value())
              : Names.atom(component.getName(), settings.recordNaming());
      componentTypes[i] = Types.resolve(component.getGenericType(), bindings);
      optional[i] = component.getType() == Optional.class;
      parameterTypes[i] = component.getType();
      accessors[i] = handle(() -> lookup(component.getAccessor()).asType(ACCESSOR));
    }
    this.constructor =
        handle(
            () ->
                lookup(type.getDeclaredConstructor(parameterTypes))
                    .asType(MethodType.genericMethodType(n))
                    .asSpreader(Object[].class, n));
    this.keyOrder = keyOrder();
    this.shape = shape();
  }

  private static RecordStyle style(TermRecord annotation, RecordStyle fallback) {
    if (annotation == null || annotation.style().length == 0) {
      return fallback;
    }
    if (annotation.style().length > 1) {
      throw new TermMappingException("@TermRecord takes at most one style");
    }
    return annotation.style()[0];
  }

  private interface HandleMaker {
    MethodHandle make() throws ReflectiveOperationException;
  }

  private MethodHandle handle(HandleMaker maker) {
    try {
      return maker.make();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new TermMappingException(
          "cannot use record "
              + type.getName()
              + " (make it public, or open its package to this module): "
              + e,
          e);
    }
  }

  private static MethodHandle lookup(java.lang.reflect.Method accessor)
      throws IllegalAccessException {
    accessor.setAccessible(true);
    return MethodHandles.lookup().unreflect(accessor);
  }

  private static MethodHandle lookup(Constructor<?> constructor) throws IllegalAccessException {
    constructor.setAccessible(true);
    return MethodHandles.lookup().unreflectConstructor(constructor);
  }

  private int[] keyOrder() {
    Integer[] order = new Integer[keys.length + (structKey != null ? 1 : 0)];
    for (int i = 0; i < order.length; i++) {
      order[i] = i - (structKey != null ? 1 : 0);
    }
    Arrays.sort(order, Comparator.comparing(this::keyAt));
    for (int i = 1; i < order.length; i++) {
      if (keyAt(order[i - 1]).equals(keyAt(order[i]))) {
        throw new TermMappingException(
            "record " + type.getName() + " has two components named " + keyAt(order[i]));
      }
    }
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  private Atom keyAt(int index) {
    return index < 0 ? structKey : keys[index];
  }

  /** How the term looks, for error messages: {@code {person, Name, Age}}. */
  private String shape() {
    StringJoiner shape =
        style == RecordStyle.MAP
            ? new StringJoiner(", ", "#{", "}")
            : new StringJoiner(", ", "{", "}");
    if (style == RecordStyle.TAGGED_TUPLE) {
      shape.add(tag.toString());
    }
    if (structKey != null) {
      shape.add(structKey + " => " + tag);
    }
    for (int i = 0; i < names.length; i++) {
      String variable = Character.toUpperCase(names[i].charAt(0)) + names[i].substring(1);
      shape.add(style == RecordStyle.MAP ? keys[i] + " => " + variable : variable);
    }
    return shape.toString();
  }

  Class<?> type() {
    return type;
  }

  RecordStyle style() {
    return style;
  }

  Atom tag() {
    return tag;
  }

  int arity() {
    return names.length + (style == RecordStyle.TAGGED_TUPLE ? 1 : 0);
  }

  /** The term's shape for error messages: {@code {person, Name, Age}}. */
  String shapeText() {
    return shape;
  }

  private Codec[] components() {
    Codec[] resolved = components;
    if (resolved == null) {
      resolved = new Codec[componentTypes.length];
      for (int i = 0; i < resolved.length; i++) {
        try {
          resolved[i] = factory.codecFor(componentTypes[i]);
        } catch (TermMappingException e) {
          throw e.inField(names[i]);
        }
      }
      components = resolved;
    }
    return resolved;
  }

  @Override
  public Term encode(Object value, int depth) {
    ContainerCodecs.checkDepth(depth, factory.settings().maxDepth());
    Codec[] codecs = components();
    Term[] fields = new Term[codecs.length];
    for (int i = 0; i < codecs.length; i++) {
      try {
        fields[i] = Codec.encodeElement(codecs[i], accessor(i, value), depth + 1);
      } catch (TermMappingException e) {
        throw e.inField(names[i]);
      }
    }
    return switch (style) {
      case TAGGED_TUPLE -> {
        Term[] elements = new Term[fields.length + 1];
        elements[0] = tag;
        System.arraycopy(fields, 0, elements, 1, fields.length);
        yield Tuple.of(elements);
      }
      case TUPLE -> Tuple.of(fields);
      case MAP -> {
        Map<Term, Term> entries = new LinkedHashMap<>();
        for (int index : keyOrder) {
          entries.put(keyAt(index), index < 0 ? tag : fields[index]);
        }
        yield ErlMap.of(entries);
      }
    };
  }

  private Object accessor(int index, Object record) {
    try {
      return (Object) accessors[index].invokeExact(record);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new TermMappingException("the accessor threw " + e, e);
    }
  }

  @Override
  public Object decode(Term term, int depth) {
    ContainerCodecs.checkDepth(depth, factory.settings().maxDepth());
    Codec[] codecs = components();
    Object[] values = new Object[codecs.length];
    if (style == RecordStyle.MAP) {
      decodeMap(term, codecs, values, depth);
    } else {
      decodeTuple(term, codecs, values, depth);
    }
    try {
      return (Object) constructor.invokeExact(values);
    } catch (RuntimeException e) {
      throw new TermMappingException(
          type.getSimpleName() + " refused the values: " + e.getMessage(), e);
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new TermMappingException(type.getSimpleName() + " refused the values: " + e, e);
    }
  }

  private void decodeTuple(Term term, Codec[] codecs, Object[] values, int depth) {
    int first = style == RecordStyle.TAGGED_TUPLE ? 1 : 0;
    if (!(term instanceof Tuple tuple)
        || tuple.arity() != codecs.length + first
        || (first == 1 && !tuple.get(0).equals(tag))) {
      throw TermMappingException.expected(shape, term);
    }
    for (int i = 0; i < codecs.length; i++) {
      values[i] = decodeField(i, codecs[i], tuple.get(i + first), depth);
    }
  }

  private void decodeMap(Term term, Codec[] codecs, Object[] values, int depth) {
    if (!(term instanceof ErlMap map)) {
      throw TermMappingException.expected(shape, term);
    }
    int found = 0;
    if (structKey != null) {
      Optional<Term> struct = map.get(structKey);
      if (struct.isEmpty() || !struct.get().equals(tag)) {
        throw new TermMappingException(
            "expected "
                + structKey
                + " => "
                + tag
                + ", got "
                + struct.map(TermMappingException::describe).orElse("no " + structKey + " key"));
      }
      found++;
    }
    for (int i = 0; i < codecs.length; i++) {
      Optional<Term> field = map.get(keys[i]);
      if (field.isPresent()) {
        values[i] = decodeField(i, codecs[i], field.get(), depth);
        found++;
      } else if (optional[i]) {
        values[i] = Optional.empty();
      } else {
        throw new TermMappingException("missing key " + keys[i] + " (expected " + shape + ")");
      }
    }
    if (found < map.size() && !factory.settings().ignoreUnknownKeys()) {
      throw new TermMappingException(
          "unexpected key " + TermMappingException.describe(unknownKey(map)) + " in " + shape);
    }
  }

  private Term unknownKey(ErlMap map) {
    for (int i = 0; i < map.size(); i++) {
      Term key = map.keyAt(i);
      if (!key.equals(structKey) && !Arrays.asList(keys).contains(key)) {
        return key;
      }
    }
    throw new IllegalStateException("no unknown key in " + map);
  }

  private Object decodeField(int index, Codec codec, Term term, int depth) {
    try {
      return codec.decode(term, depth + 1);
    } catch (TermMappingException e) {
      throw e.inField(names[index]);
    }
  }
}
