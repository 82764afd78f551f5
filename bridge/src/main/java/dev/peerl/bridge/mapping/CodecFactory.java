package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.BigInt;
import dev.peerl.codec.Binary;
import dev.peerl.codec.BitBinary;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.ExportFun;
import dev.peerl.codec.Fun;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Port;
import dev.peerl.codec.Ref;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link Codec} of each Java type once and caches it. Records resolve their components'
 * codecs on first use, so recursive types ({@code record Tree(List<Tree> children)}) need no
 * special care.
 */
final class CodecFactory {
  private static final Map<Class<?>, Codec> BUILT_IN =
      Map.ofEntries(
          Map.entry(long.class, ScalarCodecs.LONG),
          Map.entry(Long.class, ScalarCodecs.LONG),
          Map.entry(int.class, ScalarCodecs.INT),
          Map.entry(Integer.class, ScalarCodecs.INT),
          Map.entry(short.class, ScalarCodecs.SHORT),
          Map.entry(Short.class, ScalarCodecs.SHORT),
          Map.entry(byte.class, ScalarCodecs.BYTE),
          Map.entry(Byte.class, ScalarCodecs.BYTE),
          Map.entry(char.class, ScalarCodecs.CHAR),
          Map.entry(Character.class, ScalarCodecs.CHAR),
          Map.entry(BigInteger.class, ScalarCodecs.BIG_INTEGER),
          Map.entry(double.class, ScalarCodecs.DOUBLE),
          Map.entry(Double.class, ScalarCodecs.DOUBLE),
          Map.entry(float.class, ScalarCodecs.FLOAT),
          Map.entry(Float.class, ScalarCodecs.FLOAT),
          Map.entry(boolean.class, ScalarCodecs.BOOLEAN),
          Map.entry(Boolean.class, ScalarCodecs.BOOLEAN),
          Map.entry(byte[].class, ScalarCodecs.BYTES));

  /** What each kind of term is called in "expected X, got Y". */
  private static final Map<Class<?>, String> TERM_KINDS =
      Map.ofEntries(
          Map.entry(Term.class, "a term"),
          Map.entry(Atom.class, "an atom"),
          Map.entry(Int.class, "an integer that fits a long"),
          Map.entry(BigInt.class, "an integer beyond a long"),
          Map.entry(ErlFloat.class, "a float"),
          Map.entry(Binary.class, "a binary"),
          Map.entry(BitBinary.class, "a bitstring"),
          Map.entry(ErlList.class, "a list"),
          Map.entry(Tuple.class, "a tuple"),
          Map.entry(ErlMap.class, "a map"),
          Map.entry(Pid.class, "a pid"),
          Map.entry(Port.class, "a port"),
          Map.entry(Ref.class, "a reference"),
          Map.entry(Fun.class, "a fun"),
          Map.entry(ExportFun.class, "an external fun"));

  private final MapperSettings settings;
  private final Codec strings;
  private final Map<Type, Codec> cache = new ConcurrentHashMap<>();

  CodecFactory(MapperSettings settings) {
    this.settings = settings;
    this.strings = new ScalarCodecs.StringCodec(settings.strings());
  }

  MapperSettings settings() {
    return settings;
  }

  /** The codec of {@code type}, built on first use. */
  Codec codecFor(Type type) {
    Codec codec = cache.get(type);
    if (codec != null) {
      return codec;
    }
    // Not computeIfAbsent: building a codec asks for others (a list's element type), and a
    // ConcurrentHashMap refuses updates from inside its own computation. Two threads may both
    // build a codec; one wins, and both are equivalent.
    codec = create(type);
    Codec earlier = cache.putIfAbsent(type, codec);
    return earlier != null ? earlier : codec;
  }

  /** The codec of a value's own class, for values whose declared type says little. */
  Codec codecForValue(Object value) {
    Class<?> type = value.getClass();
    // A constant with a body is an instance of an anonymous subclass of its enum.
    return codecFor(value instanceof Enum<?> constant ? constant.getDeclaringClass() : type);
  }

  private Codec create(Type type) {
    Class<?> raw = Types.rawClass(type);
    TermConverter<?> converter = settings.converters().get(raw);
    if (converter != null) {
      return new ConverterCodec(raw, converter);
    }
    Codec builtIn = BUILT_IN.get(raw);
    if (builtIn != null) {
      return builtIn;
    }
    if (raw == String.class) {
      return strings;
    }
    if (Term.class.isAssignableFrom(raw)) {
      return new ScalarCodecs.TermCodec(raw, TERM_KINDS.getOrDefault(raw, raw.getSimpleName()));
    }
    if (raw == Optional.class) {
      return new ContainerCodecs.OptionalCodec(
          codecFor(Types.argument(type, 0)), settings.emptyOptional());
    }
    if (raw.isArray()) {
      Type component = Types.componentType(type);
      return new ContainerCodecs.ArrayCodec(
          codecFor(component), Types.rawClass(component), settings.maxDepth());
    }
    if (raw == List.class || raw == Collection.class || raw == Iterable.class || raw == Set.class) {
      return new ContainerCodecs.CollectionCodec(
          codecFor(Types.argument(type, 0)), raw == Set.class, settings.maxDepth());
    }
    if (raw == Map.class) {
      return new ContainerCodecs.MapCodec(
          codecFor(Types.argument(type, 0)),
          codecFor(Types.argument(type, 1)),
          settings.maxDepth());
    }
    if (raw.isEnum()) {
      return new EnumCodec(raw, settings.enumNaming());
    }
    if (raw.isRecord()) {
      return new RecordCodec(type, this);
    }
    if (raw.isSealed()) {
      return new SealedCodec(raw, this);
    }
    return createForSubtype(raw);
  }

  /**
   * The codec of a class met as a value's own class (an {@code ArrayList}, an implementation of a
   * type a converter is registered for) or of an open type declared by a record component.
   */
  private Codec createForSubtype(Class<?> raw) {
    for (Map.Entry<Class<?>, TermConverter<?>> entry : settings.converters().entrySet()) {
      if (entry.getKey().isAssignableFrom(raw)) {
        return new ConverterCodec(raw, entry.getValue());
      }
    }
    if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
      Codec general =
          codecFor(Collection.class.isAssignableFrom(raw) ? Collection.class : Map.class);
      return new EncodeOnly(
          general,
          "decodes into "
              + (Collection.class.isAssignableFrom(raw) ? "List, Set or Collection" : "Map")
              + ", not "
              + raw.getName());
    }
    if (raw == Object.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
      return new Dynamic(raw, this);
    }
    throw new TermMappingException(
        "no mapping for " + raw.getName() + ": register a TermConverter for it");
  }

  /** A declared type that says little: values map by their own class; terms decode as terms. */
  private record Dynamic(Class<?> declared, CodecFactory factory) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return factory.codecForValue(value).encode(value, depth);
    }

    @Override
    public Object decode(Term term, int depth) {
      if (declared == Object.class) {
        return term;
      }
      throw new TermMappingException(
          "cannot decode into "
              + declared.getName()
              + ": declare a record, enum, sealed interface or collection type, or Object (the"
              + " term itself)");
    }
  }

  /** A concrete collection or map class: written as its interface is, never decoded into. */
  private record EncodeOnly(Codec general, String reason) implements Codec {
    @Override
    public Term encode(Object value, int depth) {
      return general.encode(value, depth);
    }

    @Override
    public Object decode(Term term, int depth) {
      throw new TermMappingException("the mapper " + reason);
    }
  }

  /** A user's converter, whose failures become mapping errors and whose nulls are refused. */
  private record ConverterCodec(Class<?> type, TermConverter<?> converter) implements Codec {
    @Override
    @SuppressWarnings("unchecked")
    public Term encode(Object value, int depth) {
      Term term;
      try {
        term = ((TermConverter<Object>) converter).toTerm(value);
      } catch (TermMappingException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TermMappingException(
            "the converter of " + type.getName() + " failed: " + e.getMessage(), e);
      }
      if (term == null) {
        throw new TermMappingException("the converter of " + type.getName() + " returned null");
      }
      return term;
    }

    @Override
    public Object decode(Term term, int depth) {
      Object value;
      try {
        value = converter.fromTerm(term);
      } catch (TermMappingException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TermMappingException(
            "the converter of "
                + type.getName()
                + " refused "
                + TermMappingException.describe(term)
                + ": "
                + e.getMessage(),
            e);
      }
      if (!boxed(type).isInstance(value)) {
        throw new TermMappingException(
            "the converter of " + type.getName() + " returned " + describe(value));
      }
      return value;
    }

    private static String describe(Object value) {
      return value == null ? "null" : "a " + value.getClass().getName();
    }

    private static Class<?> boxed(Class<?> type) {
      return type.isPrimitive()
          ? java.lang.invoke.MethodType.methodType(type).wrap().returnType()
          : type;
    }
  }
}
