package dev.peerl.bridge.mapping;

import dev.peerl.codec.Atom;
import dev.peerl.codec.Term;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Maps Java values to Erlang terms and back: records to tagged tuples (Erlang records) or maps
 * (Elixir structs), enums to atoms, strings to binaries or charlists, collections, maps and {@code
 * Optional}s, and sealed interfaces of records to the tagged tuples of a message protocol.
 *
 * <pre>{@code
 * record Person(String name, int age) {}
 *
 * TermMapper mapper = TermMapper.builder().build();
 * Term term = mapper.toTerm(new Person("Ann", 42));        // {person, <<"Ann">>, 42}
 * Person ann = mapper.fromTerm(term, Person.class);
 * List<Person> people = mapper.fromTerm(list, new TypeRef<List<Person>>() {});
 * }</pre>
 *
 * <p>A mapper is immutable and thread-safe: build one per convention and share it. It works out
 * each type's mapping (the reflection, method handles for the record accessors and constructors)
 * once and caches it. A value or term that does not fit gives a {@link TermMappingException} that
 * names where, never a {@code ClassCastException} or a {@code NullPointerException}.
 */
public final class TermMapper {
  private static final TermMapper DEFAULTS = builder().build();

  private final CodecFactory codecs;

  private TermMapper(MapperSettings settings) {
    this.codecs = new CodecFactory(settings);
  }

  /**
   * The mapper with the default settings: Erlang's conventions ({@link RecordStyle#TAGGED_TUPLE},
   * snake_case atoms, {@code undefined} for an empty {@code Optional}) with strings as binaries.
   */
  public static TermMapper defaults() {
    return DEFAULTS;
  }

  /** A builder that starts from the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The term for {@code value}, mapped by its own class.
   *
   * @throws TermMappingException when the value, or a value inside it, has no term form (null, a
   *     NaN, a class the mapper does not know)
   */
  public Term toTerm(Object value) {
    if (value == null) {
      throw new TermMappingException("null has no term form; use Optional for absent values");
    }
    try {
      return codecs.codecForValue(value).encode(value, 0);
    } catch (TermMappingException e) {
      throw atRoot(e, value.getClass());
    }
  }

  /**
   * The value of {@code type} that {@code term} stands for.
   *
   * @throws TermMappingException when the term does not fit the type, or the type cannot be mapped
   */
  public <T> T fromTerm(Term term, Class<T> type) {
    @SuppressWarnings("unchecked")
    T value = (T) fromTerm(term, (Type) type);
    return value;
  }

  /** As {@link #fromTerm(Term, Class)}, for a generic type: {@code new TypeRef<List<X>>() {}}. */
  public <T> T fromTerm(Term term, TypeRef<T> type) {
    @SuppressWarnings("unchecked")
    T value = (T) fromTerm(term, type.type());
    return value;
  }

  /**
   * As {@link #fromTerm(Term, Class)}, for any {@link Type} (a record component's generic type, a
   * method parameter's): the result is of that type.
   */
  public Object fromTerm(Term term, Type type) {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(type, "type");
    try {
      return codecs.codecFor(type).decode(term, 0);
    } catch (TermMappingException e) {
      throw atRoot(e, Types.rawClass(type));
    }
  }

  /**
   * Names the outermost value in the path when it is a record, as {@code person.address} (a sealed
   * interface names the record it chose).
   */
  private static TermMappingException atRoot(TermMappingException e, Class<?> type) {
    return type.isRecord() && !Term.class.isAssignableFrom(type)
        ? e.inField(Names.decapitalize(type.getSimpleName()))
        : e;
  }

  /** Settings for a {@link TermMapper}; each method returns this builder. */
  public static final class Builder {
    private StringStyle strings = StringStyle.BINARY;
    private RecordStyle records = RecordStyle.TAGGED_TUPLE;
    private Naming recordNaming = Naming.SNAKE_CASE;
    private Naming enumNaming = Naming.SNAKE_CASE;
    private Atom emptyOptional = Atom.UNDEFINED;
    private boolean structKey;
    private boolean ignoreUnknownKeys;
    private int maxDepth = 1024;
    private final Map<Class<?>, TermConverter<?>> converters = new LinkedHashMap<>();

    private Builder() {}

    /** How strings are written (default {@link StringStyle#BINARY}); both forms are read. */
    public Builder strings(StringStyle style) {
      this.strings = Objects.requireNonNull(style, "style");
      return this;
    }

    /**
     * The style of records without a {@link TermRecord} style of their own (default {@link
     * RecordStyle#TAGGED_TUPLE}).
     */
    public Builder records(RecordStyle style) {
      this.records = Objects.requireNonNull(style, "style");
      return this;
    }

    /** How record names become tags and component names keys (default snake_case). */
    public Builder recordNaming(Naming naming) {
      this.recordNaming = Objects.requireNonNull(naming, "naming");
      return this;
    }

    /**
     * How enum constants become atoms (default snake_case: {@code IN_STOCK} is {@code in_stock}).
     */
    public Builder enumNaming(Naming naming) {
      this.enumNaming = Objects.requireNonNull(naming, "naming");
      return this;
    }

    /**
     * The atom an empty {@code Optional} is, both ways: {@code undefined} (the default, Erlang's
     * convention) or {@code nil} (Elixir's). A present {@code Optional} is its value.
     */
    public Builder emptyOptional(Atom atom) {
      this.emptyOptional = Objects.requireNonNull(atom, "atom");
      return this;
    }

    /**
     * Whether {@link RecordStyle#MAP} records carry their tag as {@code __struct__ => Tag}, as
     * Elixir structs do (default false). When on, decoding requires it.
     */
    public Builder structKey(boolean on) {
      this.structKey = on;
      return this;
    }

    /**
     * Whether a map decoded into a {@link RecordStyle#MAP} record may hold keys the record has no
     * component for (default false: such a key is an error, which catches misspelt keys).
     */
    public Builder ignoreUnknownKeys(boolean on) {
      this.ignoreUnknownKeys = on;
      return this;
    }

    /**
     * The deepest nesting of containers (records, lists, maps) mapped either way (default 1024, the
     * codec's decoding limit), so that a cyclic collection ends in an error.
     */
    public Builder maxDepth(int depth) {
      if (depth < 1) {
        throw new IllegalArgumentException("maxDepth must be at least 1: " + depth);
      }
      this.maxDepth = depth;
      return this;
    }

    /**
     * Maps {@code type} with {@code converter}, before any built-in mapping: for types the mapper
     * does not know ({@code Instant}, {@code UUID}, a class of your own) or maps otherwise than you
     * want. A converter also serves subclasses of {@code type} when values are mapped by their own
     * class; the first registered that fits wins.
     */
    public <T> Builder converter(Class<T> type, TermConverter<T> converter) {
      converters.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(converter));
      return this;
    }

    /** A mapper with these settings; the builder may go on to build others. */
    public TermMapper build() {
      return new TermMapper(
          new MapperSettings(
              strings,
              records,
              recordNaming,
              enumNaming,
              emptyOptional,
              structKey,
              ignoreUnknownKeys,
              maxDepth,
              Collections.unmodifiableMap(new LinkedHashMap<>(converters))));
    }
  }
}
