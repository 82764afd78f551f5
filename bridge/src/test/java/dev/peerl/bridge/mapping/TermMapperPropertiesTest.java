package dev.peerl.bridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.peerl.bridge.mapping.Shop.Address;
import dev.peerl.bridge.mapping.Shop.Command;
import dev.peerl.bridge.mapping.Shop.Control;
import dev.peerl.bridge.mapping.Shop.Get;
import dev.peerl.bridge.mapping.Shop.GetOr;
import dev.peerl.bridge.mapping.Shop.Order;
import dev.peerl.bridge.mapping.Shop.OrderLine;
import dev.peerl.bridge.mapping.Shop.Person;
import dev.peerl.bridge.mapping.Shop.Put;
import dev.peerl.bridge.mapping.Shop.Status;
import dev.peerl.codec.Atom;
import dev.peerl.codec.DecodeException;
import dev.peerl.codec.Etf;
import dev.peerl.codec.Int;
import dev.peerl.codec.Term;
import dev.peerl.codec.TermGen;
import dev.peerl.codec.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Mapping is lossless both ways, and no term makes it fail other than with its own error. */
class TermMapperPropertiesTest {
  private static final List<TermMapper> MAPPERS =
      List.of(
          TermMapper.defaults(),
          TermMapper.builder()
              .strings(StringStyle.CHARLIST)
              .records(RecordStyle.MAP)
              .structKey(true)
              .emptyOptional(Atom.of("nil"))
              .build(),
          TermMapper.builder().records(RecordStyle.MAP).enumNaming(Naming.AS_IS).build());

  private static final TypeRef<List<Command>> COMMANDS = new TypeRef<>() {};
  private static final String[] TAGS = {"put", "get", "stop", "value"};

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().all().ofMaxLength(12).filter(TermMapperPropertiesTest::wellFormed);
  }

  /** Strings without unpaired surrogates: the ones that have a UTF-8 form. */
  private static boolean wellFormed(String text) {
    return text.codePoints()
        .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
  }

  @Provide
  Arbitrary<Order> orders() {
    Arbitrary<Address> addresses =
        Combinators.combine(texts(), Arbitraries.integers()).as(Address::new);
    Arbitrary<Person> people =
        Combinators.combine(
                texts(), Arbitraries.integers().greaterOrEqual(0), texts().optional(), addresses)
            .as(Person::new);
    Arbitrary<OrderLine> lines =
        Combinators.combine(
                texts(),
                Arbitraries.integers(),
                Arbitraries.doubles(),
                Arbitraries.of(Status.class))
            .as(OrderLine::new);
    return Combinators.combine(
            Arbitraries.longs(),
            people,
            lines.list().ofMaxSize(4),
            Arbitraries.maps(texts(), Arbitraries.integers()).ofMaxSize(4))
        .as(Order::new);
  }

  @Provide
  Arbitrary<List<Command>> scripts() {
    Arbitrary<Command> commands =
        Arbitraries.oneOf(
            Combinators.combine(texts(), Arbitraries.longs()).as(Put::new),
            texts().map(Get::new),
            Combinators.combine(texts(), Arbitraries.longs()).as(GetOr::new),
            Arbitraries.of(Control.class));
    return commands.list().ofMaxSize(6);
  }

  @Property(tries = 300)
  void decodingIsTheInverseOfEncoding(@ForAll("orders") Order order) throws DecodeException {
    for (TermMapper mapper : MAPPERS) {
      Term term = mapper.toTerm(order);
      assertEquals(order, mapper.fromTerm(term, Order.class));
      // And what goes over the wire comes back the same.
      assertEquals(order, mapper.fromTerm(Etf.binaryToTerm(Etf.termToBinary(term)), Order.class));
    }
  }

  @Property(tries = 300)
  void sealedCommandsComeBackAsTheSameRecords(@ForAll("scripts") List<Command> script) {
    Term term = TermMapper.defaults().toTerm(script);
    assertEquals(script, TermMapper.defaults().fromTerm(term, COMMANDS));
  }

  @Property(tries = 500)
  void anIntegerFitsAnIntExactlyWhenItIsInRange(@ForAll long value) {
    Int term = Int.of(value);
    if (value == (int) value) {
      assertEquals((int) value, TermMapper.defaults().fromTerm(term, int.class));
    } else {
      assertThrows(
          TermMappingException.class, () -> TermMapper.defaults().fromTerm(term, int.class));
    }
  }

  /**
   * Whatever a peer sends, decoding gives the value or a {@link TermMappingException}: never a
   * ClassCastException, a NullPointerException or anything else. The terms are random, and half of
   * them are shaped like the records (the right tag and arity) with random insides.
   */
  @Property(tries = 2000)
  void anyTermDecodesOrFailsWithAMappingError(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int shape) {
    TermGen gen = new TermGen(seed);
    Term term =
        switch (shape) {
          case 0 -> gen.term(3);
          case 1 -> shaped(gen, "person", 4);
          case 2 -> shaped(gen, "order", 4);
          default -> Tuple.of(Atom.of(TAGS[(int) (seed & 3)]), gen.term(1), gen.term(1));
        };
    for (TermMapper mapper : MAPPERS) {
      for (java.lang.reflect.Type type :
          List.of(Person.class, Order.class, Command.class, COMMANDS.type(), String.class)) {
        try {
          mapper.fromTerm(term, type);
        } catch (TermMappingException expected) {
          // The one way to fail.
        }
      }
    }
  }

  private static Term shaped(TermGen gen, String tag, int fields) {
    List<Term> elements = new ArrayList<>();
    elements.add(Atom.of(tag));
    for (int i = 0; i < fields; i++) {
      elements.add(gen.term(2));
    }
    return Tuple.of(elements);
  }

  @Property(tries = 200)
  void optionalTextsSurviveEveryConvention(@ForAll("texts") String text, @ForAll boolean present) {
    Optional<String> value = present ? Optional.of(text) : Optional.empty();
    TypeRef<Optional<String>> type = new TypeRef<>() {};
    for (TermMapper mapper : MAPPERS) {
      assertEquals(value, mapper.fromTerm(mapper.toTerm(value), type));
    }
  }
}
