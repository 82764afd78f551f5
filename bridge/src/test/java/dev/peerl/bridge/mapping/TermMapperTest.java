package dev.peerl.bridge.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.peerl.bridge.mapping.Shop.Ack;
import dev.peerl.bridge.mapping.Shop.Address;
import dev.peerl.bridge.mapping.Shop.Box;
import dev.peerl.bridge.mapping.Shop.Command;
import dev.peerl.bridge.mapping.Shop.Control;
import dev.peerl.bridge.mapping.Shop.Get;
import dev.peerl.bridge.mapping.Shop.GetOr;
import dev.peerl.bridge.mapping.Shop.Order;
import dev.peerl.bridge.mapping.Shop.OrderLine;
import dev.peerl.bridge.mapping.Shop.Person;
import dev.peerl.bridge.mapping.Shop.Point;
import dev.peerl.bridge.mapping.Shop.Put;
import dev.peerl.bridge.mapping.Shop.Reply;
import dev.peerl.bridge.mapping.Shop.Role;
import dev.peerl.bridge.mapping.Shop.Status;
import dev.peerl.bridge.mapping.Shop.Tree;
import dev.peerl.bridge.mapping.Shop.User;
import dev.peerl.bridge.mapping.Shop.Value;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.ErlList;
import dev.peerl.codec.ErlMap;
import dev.peerl.codec.Int;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every mapping, both ways. The errors are in {@link TermMapperErrorsTest}. */
class TermMapperTest {
  private static final TermMapper MAPPER = TermMapper.defaults();
  private static final Address HOME = new Address("Main St", 12345);
  private static final Person ANN = new Person("Ann", 42, Optional.of("ann@example.com"), HOME);

  private static Atom atom(String name) {
    return Atom.of(name);
  }

  private static Binary bin(String text) {
    return Binary.of(text);
  }

  /** Maps {@code value} to {@code term} and {@code term} back to an equal value. */
  private static void assertMapsBothWays(TermMapper mapper, Object value, Term term, Type type) {
    assertEquals(term, mapper.toTerm(value));
    Object back = mapper.fromTerm(term, type);
    if (value instanceof byte[] bytes) {
      assertArrayEquals(bytes, (byte[]) back);
    } else {
      assertEquals(value, back);
    }
  }

  private static void assertMapsBothWays(Object value, Term term) {
    assertMapsBothWays(MAPPER, value, term, value.getClass());
  }

  @Test
  void mapsRecordsToTaggedTuplesLikeErlangRecords() {
    assertMapsBothWays(
        ANN,
        Tuple.of(
            atom("person"),
            bin("Ann"),
            Int.of(42),
            bin("ann@example.com"),
            Tuple.of(atom("address"), bin("Main St"), Int.of(12345))));
  }

  @Test
  void namesTagsAndKeysInSnakeCase() {
    OrderLine line = new OrderLine("A-1", 2, 9.5, Status.BACK_ORDERED);
    assertMapsBothWays(
        line,
        Tuple.of(
            atom("order_line"), bin("A-1"), Int.of(2), ErlFloat.of(9.5), atom("back_ordered")));
    TermMapper maps = TermMapper.builder().records(RecordStyle.MAP).build();
    assertMapsBothWays(
        maps,
        line,
        ErlMap.of(
            atom("sku"), bin("A-1"),
            atom("quantity"), Int.of(2),
            atom("unit_price"), ErlFloat.of(9.5),
            atom("status"), atom("back_ordered")),
        OrderLine.class);
  }

  @ParameterizedTest
  @CsvSource({
    "OrderLine, order_line",
    "HTTPServer, http_server",
    "IN_STOCK, in_stock",
    "line2Total, line2_total",
    "Add, add",
    "unitPrice, unit_price",
    "already_snake, already_snake",
    "X, x"
  })
  void convertsJavaNamesToSnakeCase(String java, String erlang) {
    assertEquals(erlang, Names.snakeCase(java));
  }

  @Test
  void keepsNamesAsTheyAreWhenAsked() {
    TermMapper asIs =
        TermMapper.builder().recordNaming(Naming.AS_IS).enumNaming(Naming.AS_IS).build();
    assertEquals(
        Tuple.of(atom("OrderLine"), bin("A"), Int.of(1), ErlFloat.of(1.0), atom("IN_STOCK")),
        asIs.toTerm(new OrderLine("A", 1, 1.0, Status.IN_STOCK)));
  }

  @Test
  void mapsRecordsToMapsWithElixirStructKeysAndNil() {
    TermMapper elixir = TermMapper.builder().structKey(true).emptyOptional(atom("nil")).build();
    User user = new User("José", Optional.empty(), List.of(Role.ADMIN, Role.MEMBER));
    assertMapsBothWays(
        elixir,
        user,
        ErlMap.of(
            atom("__struct__"), atom("Elixir.Shop.User"),
            atom("name"), bin("José"),
            atom("nickname"), atom("nil"),
            atom("roles"), ErlList.of(atom("admin"), atom("member"))),
        User.class);
  }

  @Test
  void readsAMissingKeyAsAnEmptyOptional() {
    Term withoutNickname = ErlMap.of(atom("name"), bin("Jo"), atom("roles"), ErlList.NIL);
    assertEquals(
        new User("Jo", Optional.empty(), List.of()), MAPPER.fromTerm(withoutNickname, User.class));
  }

  @Test
  void ignoresUnknownKeysWhenAsked() {
    Term extra =
        ErlMap.of(atom("name"), bin("Jo"), atom("roles"), ErlList.NIL, atom("age"), Int.of(3));
    TermMapper lenient = TermMapper.builder().ignoreUnknownKeys(true).build();
    assertEquals(new User("Jo", Optional.empty(), List.of()), lenient.fromTerm(extra, User.class));
  }

  record Account(@TermName("e-mail") String email, int loginCount) {}

  @Test
  void renamesComponentsWithTermName() {
    TermMapper maps = TermMapper.builder().records(RecordStyle.MAP).build();
    assertMapsBothWays(
        maps,
        new Account("a@b.c", 3),
        ErlMap.of(atom("e-mail"), bin("a@b.c"), atom("login_count"), Int.of(3)),
        Account.class);
  }

  @Test
  void mapsUntaggedTupleRecordsToPlainTuples() {
    assertMapsBothWays(new Point(3, -4), Tuple.of(Int.of(3), Int.of(-4)));
  }

  @Test
  void mapsNestedRecordsListsAndMaps() {
    Map<String, Integer> tags = new LinkedHashMap<>();
    tags.put("priority", 1);
    tags.put("gift", 0);
    Order order =
        new Order(
            1L << 40,
            ANN,
            List.of(
                new OrderLine("A-1", 2, 9.5, Status.IN_STOCK),
                new OrderLine("B-2", 1, 20.0, Status.DISCONTINUED)),
            tags);
    Term term = MAPPER.toTerm(order);
    assertEquals(
        Tuple.of(
            atom("order"),
            Int.of(1L << 40),
            MAPPER.toTerm(ANN),
            ErlList.of(
                Tuple.of(
                    atom("order_line"), bin("A-1"), Int.of(2), ErlFloat.of(9.5), atom("in_stock")),
                Tuple.of(
                    atom("order_line"), bin("B-2"), Int.of(1), ErlFloat.of(20.0), atom("gone"))),
            ErlMap.of(bin("priority"), Int.of(1), bin("gift"), Int.of(0))),
        term);
    assertEquals(order, MAPPER.fromTerm(term, Order.class));
  }

  @ParameterizedTest
  @CsvSource({
    "-2147483648, int",
    "2147483647, int",
    "-9223372036854775808, long",
    "9223372036854775807, long",
    "-32768, short",
    "32767, short",
    "-128, byte",
    "127, byte"
  })
  void mapsIntegersAtTheEdgesOfTheirRange(long value, String type) {
    Object boxed =
        switch (type) {
          case "int" -> (int) value;
          case "short" -> (short) value;
          case "byte" -> (byte) value;
          default -> value;
        };
    assertMapsBothWays(boxed, Int.of(value));
  }

  @Test
  void mapsPrimitivesBooleansCharactersAndFloats() {
    assertMapsBothWays(true, Atom.TRUE);
    assertMapsBothWays(false, Atom.FALSE);
    assertMapsBothWays('é', Int.of('é'));
    assertMapsBothWays(-0.25, ErlFloat.of(-0.25));
    assertMapsBothWays(1.5f, ErlFloat.of(1.5));
    assertEquals(7, MAPPER.fromTerm(Int.of(7), int.class));
    assertEquals(true, MAPPER.fromTerm(Atom.TRUE, boolean.class));
  }

  @Test
  void readsExactIntegersIntoFloats() {
    assertEquals(3.0, MAPPER.fromTerm(Int.of(3), double.class));
    assertEquals(-2.0f, MAPPER.fromTerm(Int.of(-2), Float.class));
  }

  @Test
  void mapsBigIntegersToIntegersOfAnySize() {
    BigInteger huge = BigInteger.TWO.pow(100).negate();
    assertMapsBothWays(huge, Int.of(huge));
    assertMapsBothWays(BigInteger.TEN, Int.of(10));
  }

  @Test
  void writesStringsAsBinariesOrCharlistsAndReadsBoth() {
    String text = "Zoë 🎉";
    TermMapper charlists = TermMapper.builder().strings(StringStyle.CHARLIST).build();
    assertEquals(Binary.of(text), MAPPER.toTerm(text));
    assertEquals(ErlList.ofCodePoints(text), charlists.toTerm(text));
    assertEquals(5, ((ErlList) charlists.toTerm(text)).size()); // code points, not chars
    for (TermMapper mapper : List.of(MAPPER, charlists)) {
      assertEquals(text, mapper.fromTerm(Binary.of(text), String.class));
      assertEquals(text, mapper.fromTerm(ErlList.ofCodePoints(text), String.class));
      assertEquals("", mapper.fromTerm(ErlList.NIL, String.class));
    }
  }

  @Test
  void mapsByteArraysToBinaries() {
    byte[] bytes = {0, 1, -1, 127};
    assertMapsBothWays(MAPPER, bytes, Binary.of(bytes), byte[].class);
  }

  @Test
  void mapsEnumsToAtomsWithRenamedConstants() {
    assertMapsBothWays(Status.IN_STOCK, atom("in_stock"));
    assertMapsBothWays(Status.DISCONTINUED, atom("gone"));
  }

  @Test
  void mapsListsSetsAndArraysToLists() {
    ErlList numbers = ErlList.of(Int.of(3), Int.of(1), Int.of(2));
    assertEquals(numbers, MAPPER.toTerm(List.of(3, 1, 2)));
    assertEquals(numbers, MAPPER.toTerm(new ArrayList<>(List.of(3, 1, 2))));
    assertEquals(numbers, MAPPER.toTerm(new LinkedHashSet<>(List.of(3, 1, 2))));
    assertEquals(numbers, MAPPER.toTerm(new int[] {3, 1, 2}));
    assertEquals(numbers, MAPPER.toTerm(new Integer[] {3, 1, 2}));
    assertEquals(List.of(3, 1, 2), MAPPER.fromTerm(numbers, new TypeRef<List<Integer>>() {}));
    Set<Long> set = MAPPER.fromTerm(numbers, new TypeRef<Set<Long>>() {});
    assertEquals(List.of(3L, 1L, 2L), List.copyOf(set));
    assertArrayEquals(new int[] {3, 1, 2}, MAPPER.fromTerm(numbers, int[].class));
    assertArrayEquals(new Short[] {3, 1, 2}, MAPPER.fromTerm(numbers, Short[].class));
    assertEquals(
        List.of(List.of("a"), List.of()),
        MAPPER.fromTerm(
            ErlList.of(ErlList.of(bin("a")), ErlList.NIL), new TypeRef<List<List<String>>>() {}));
  }

  @Test
  void mapsMapsWithKeysOfAnyMappedType() {
    Map<Status, List<String>> byStatus = Map.of(Status.IN_STOCK, List.of("A-1"));
    Term term = ErlMap.of(atom("in_stock"), ErlList.of(bin("A-1")));
    assertEquals(term, MAPPER.toTerm(byStatus));
    assertEquals(byStatus, MAPPER.fromTerm(term, new TypeRef<Map<Status, List<String>>>() {}));
    Term atomKeys = ErlMap.of(atom("a"), Int.of(1));
    assertEquals(
        Map.of(atom("a"), 1), MAPPER.fromTerm(atomKeys, new TypeRef<Map<Atom, Integer>>() {}));
  }

  @Test
  void mapsOptionalsToTheValueOrUndefined() {
    TypeRef<Optional<Integer>> optionalInt = new TypeRef<>() {};
    assertEquals(Atom.UNDEFINED, MAPPER.toTerm(Optional.empty()));
    assertEquals(Int.of(5), MAPPER.toTerm(Optional.of(5)));
    assertEquals(Optional.empty(), MAPPER.fromTerm(Atom.UNDEFINED, optionalInt));
    assertEquals(Optional.of(5), MAPPER.fromTerm(Int.of(5), optionalInt));
    Person noEmail = new Person("Bo", 7, Optional.empty(), HOME);
    assertEquals(Atom.UNDEFINED, ((Tuple) MAPPER.toTerm(noEmail)).get(3));
    TermMapper elixir = TermMapper.builder().emptyOptional(atom("nil")).build();
    assertEquals(atom("nil"), elixir.toTerm(Optional.empty()));
    assertEquals(Optional.empty(), elixir.fromTerm(atom("nil"), optionalInt));
  }

  @Test
  void passesTermsThrough() {
    Pid pid = new Pid(atom("a@host"), 42, 0, 1);
    Term term = Tuple.of(atom("x"), pid);
    assertSame(term, MAPPER.toTerm(term));
    assertSame(term, MAPPER.fromTerm(term, Term.class));
    assertSame(pid, MAPPER.fromTerm(pid, Pid.class));
    record Registered(Atom name, Pid pid, Term extra) {}
    assertMapsBothWays(
        new Registered(atom("db"), pid, ErlList.NIL),
        Tuple.of(atom("registered"), atom("db"), pid, ErlList.NIL));
  }

  @Test
  void decodesObjectAsTheTermItself() {
    Term term = Tuple.of(atom("any"), Int.of(1));
    assertSame(term, MAPPER.fromTerm(term, Object.class));
    Map<String, Object> loose =
        MAPPER.fromTerm(ErlMap.of(bin("k"), term), new TypeRef<Map<String, Object>>() {});
    assertSame(term, loose.get("k"));
    assertEquals(ErlList.of(Int.of(1), bin("x")), MAPPER.toTerm(List.<Object>of(1, "x")));
  }

  @Test
  void decodesSealedInterfacesByTagArityAndAtom() {
    TypeRef<List<Command>> commands = new TypeRef<>() {};
    List<Command> script =
        List.of(new Put("k", 1), new Get("k"), new GetOr("j", -1), Control.FLUSH, Control.STOP);
    Term term =
        ErlList.of(
            Tuple.of(atom("put"), bin("k"), Int.of(1)),
            Tuple.of(atom("get"), bin("k")),
            Tuple.of(atom("get"), bin("j"), Int.of(-1)),
            atom("flush"),
            atom("stop"));
    assertMapsBothWays(MAPPER, script, term, commands.type());
    assertEquals(new Value(3), MAPPER.fromTerm(Tuple.of(atom("value"), Int.of(3)), Reply.class));
    assertEquals(Ack.NOT_FOUND, MAPPER.fromTerm(atom("not_found"), Reply.class));
  }

  sealed interface Shape permits Round, Polygon {}

  sealed interface Polygon extends Shape permits Square, Triangle {}

  record Round(double radius) implements Shape {}

  record Square(double side) implements Polygon {}

  record Triangle(double a, double b, double c) implements Polygon {}

  @Test
  void flattensNestedSealedInterfaces() {
    Term square = Tuple.of(atom("square"), ErlFloat.of(2.0));
    assertEquals(new Square(2.0), MAPPER.fromTerm(square, Shape.class));
    assertEquals(new Square(2.0), MAPPER.fromTerm(square, Polygon.class));
    assertEquals(new Round(1.0), MAPPER.fromTerm(MAPPER.toTerm(new Round(1.0)), Shape.class));
  }

  @TermRecord(style = RecordStyle.MAP)
  record Circle(double r) implements Drawing {}

  record Line(double length) implements Drawing {}

  sealed interface Drawing permits Circle, Line {}

  @Test
  void decodesTheOnlyMapRecordOfASealedInterfaceFromAMap() {
    assertEquals(
        new Circle(0.5), MAPPER.fromTerm(ErlMap.of(atom("r"), ErlFloat.of(0.5)), Drawing.class));
    assertEquals(new Line(1.0), MAPPER.fromTerm(MAPPER.toTerm(new Line(1.0)), Drawing.class));
  }

  @Test
  void decodesGenericRecordsThroughTypeRefs() {
    Term boxed = Tuple.of(atom("box"), MAPPER.toTerm(ANN));
    assertEquals(new Box<>(ANN), MAPPER.fromTerm(boxed, new TypeRef<Box<Person>>() {}));
    Term boxedList = Tuple.of(atom("box"), ErlList.of(Int.of(1)));
    assertEquals(
        new Box<>(List.of(1L)), MAPPER.fromTerm(boxedList, new TypeRef<Box<List<Long>>>() {}));
    // A raw generic record gets the term itself for its type variable.
    assertEquals(new Box<>(ErlList.of(Int.of(1))), MAPPER.fromTerm(boxedList, Box.class));
  }

  @Test
  void mapsRecursiveRecords() {
    Tree tree = new Tree("root", List.of(new Tree("a", List.of()), new Tree("b", List.of())));
    Term leaf = Tuple.of(atom("tree"), bin("a"), ErlList.NIL);
    assertEquals(
        Tuple.of(
            atom("tree"),
            bin("root"),
            ErlList.of(leaf, Tuple.of(atom("tree"), bin("b"), ErlList.NIL))),
        MAPPER.toTerm(tree));
    assertEquals(tree, MAPPER.fromTerm(MAPPER.toTerm(tree), Tree.class));
  }

  record Event(UUID id, Instant at) {}

  @Test
  void usesConvertersForTypesOfYourOwnChoice() {
    TermMapper mapper =
        TermMapper.builder()
            .converter(
                UUID.class,
                TermConverter.of(
                    id -> Binary.of(id.toString()), t -> UUID.fromString(((Binary) t).utf8())))
            .converter(
                Instant.class,
                TermConverter.of(
                    at -> Int.of(at.toEpochMilli()), t -> Instant.ofEpochMilli(((Int) t).value())))
            .build();
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    Event event = new Event(id, Instant.ofEpochMilli(1_700_000_000_000L));
    assertMapsBothWays(
        mapper,
        event,
        Tuple.of(atom("event"), bin(id.toString()), Int.of(1_700_000_000_000L)),
        Event.class);
  }

  @Test
  void convertersOverrideBuiltInMappings() {
    TermMapper upper =
        TermMapper.builder()
            .converter(
                Status.class,
                TermConverter.of(s -> atom(s.name()), t -> Status.valueOf(((Atom) t).name())))
            .build();
    assertEquals(atom("IN_STOCK"), upper.toTerm(Status.IN_STOCK));
    assertEquals(Status.IN_STOCK, upper.fromTerm(atom("IN_STOCK"), Status.class));
  }

  @Test
  void isSafeToShareBetweenThreads() {
    TermMapper fresh = TermMapper.builder().build();
    List<Order> orders =
        IntStream.range(0, 200)
            .parallel()
            .mapToObj(
                i ->
                    fresh.fromTerm(
                        fresh.toTerm(new Order(i, ANN, List.of(), Map.of("n", i))), Order.class))
            .toList();
    for (int i = 0; i < orders.size(); i++) {
      assertEquals(new Order(i, ANN, List.of(), Map.of("n", i)), orders.get(i));
    }
  }
}
