package dev.peerl.bridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.peerl.bridge.BridgeTestNode;
import dev.peerl.bridge.mapping.Shop.Ack;
import dev.peerl.bridge.mapping.Shop.Address;
import dev.peerl.bridge.mapping.Shop.Command;
import dev.peerl.bridge.mapping.Shop.Control;
import dev.peerl.bridge.mapping.Shop.Get;
import dev.peerl.bridge.mapping.Shop.GetOr;
import dev.peerl.bridge.mapping.Shop.Order;
import dev.peerl.bridge.mapping.Shop.OrderLine;
import dev.peerl.bridge.mapping.Shop.Person;
import dev.peerl.bridge.mapping.Shop.Put;
import dev.peerl.bridge.mapping.Shop.Reply;
import dev.peerl.bridge.mapping.Shop.Role;
import dev.peerl.bridge.mapping.Shop.Status;
import dev.peerl.bridge.mapping.Shop.User;
import dev.peerl.bridge.mapping.Shop.Value;
import dev.peerl.codec.Atom;
import dev.peerl.codec.Binary;
import dev.peerl.codec.ErlFloat;
import dev.peerl.codec.Pid;
import dev.peerl.codec.Term;
import dev.peerl.codec.Tuple;
import dev.peerl.runtime.process.ProcessMessage;
import dev.peerl.testkit.ErlangCompiler;
import dev.peerl.testkit.ErlangNodeExtension;
import dev.peerl.testkit.ErlangTestNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Java records and Erlang records on a real erl node ({@code peerl_mapping_test.erl}): Erlang
 * pattern-matches what Java's records map to, with {@code #person{}} syntax, and what Erlang builds
 * decodes into the Java records; then the same over distribution, a sealed command protocol between
 * an Erlang process and a Java one.
 */
class RecordInteropTest {
  private static final String COOKIE = "peerl_mapping_cookie";
  private static final TermMapper MAPPER = TermMapper.defaults();
  private static final TypeRef<List<Reply>> REPLIES = new TypeRef<>() {};
  private static final Person ANN =
      new Person("Ann", 42, Optional.empty(), new Address("Main St", 12345));

  @RegisterExtension
  static final ErlangNodeExtension erlang =
      ErlangNodeExtension.of(
          ErlangTestNode.builder()
              .cookie(COOKIE)
              .codePath(ErlangCompiler.compileResources("peerl_mapping_test")));

  private static Term call(String function, Term argument) {
    return erlang.node().eval("peerl_mapping_test:" + function + "(X)", Map.of("X", argument));
  }

  @Test
  void erlangMatchesJavaRecordsAsErlangRecords() {
    assertEquals(Binary.of("Ann, 42, no email, zip 12345"), call("greet", MAPPER.toTerm(ANN)));
    Person withEmail = new Person("Zoë", 30, Optional.of("zoe@example.com"), ANN.address());
    assertEquals(Binary.of("Zoë, 30, zoe@example.com"), call("greet", MAPPER.toTerm(withEmail)));
  }

  @Test
  void javaReadsRecordsErlangUpdated() {
    Term older = call("birthday", MAPPER.toTerm(ANN));
    assertEquals(
        new Person("Ann", 43, Optional.empty(), ANN.address()),
        MAPPER.fromTerm(older, Person.class));
  }

  @Test
  void javaReadsNestedRecordsErlangBuilt() {
    Order order = MAPPER.fromTerm(erlang.eval("peerl_mapping_test:sample_order()"), Order.class);
    assertEquals(
        new Order(
            1L << 40,
            new Person("Zoë", 30, Optional.of("zoe@example.com"), new Address("Rue Haute", 1000)),
            List.of(
                new OrderLine("A-1", 2, 9.5, Status.IN_STOCK),
                new OrderLine("B-2", 1, 20.0, Status.DISCONTINUED)),
            Map.of("gift", 1)),
        order);
    assertEquals(ErlFloat.of(19.0), call("order_total", MAPPER.toTerm(order)));
  }

  @Test
  void erlangRunsASealedCommandScriptFromJava() {
    List<Command> script =
        List.of(
            new Put("a", 1),
            new Get("a"),
            new Get("b"),
            new GetOr("b", 7),
            Control.FLUSH,
            new Get("a"),
            Control.STOP,
            new Put("never", 0));
    List<Reply> replies = MAPPER.fromTerm(call("run", MAPPER.toTerm(script)), REPLIES);
    assertEquals(
        List.of(Ack.OK, new Value(1), Ack.NOT_FOUND, new Value(7), Ack.OK, Ack.NOT_FOUND, Ack.OK),
        replies);
  }

  @Test
  void mapStyleKeysAreTheErlangRecordsFieldNames() {
    TermMapper maps = TermMapper.builder().records(RecordStyle.MAP).build();
    Person zoe = new Person("Zoë", 30, Optional.of("z@example.com"), ANN.address());
    Term asMap = call("person_as_map", MAPPER.toTerm(zoe));
    assertEquals(maps.toTerm(zoe), asMap);
    assertEquals(zoe, maps.fromTerm(asMap, Person.class));
  }

  @Test
  void elixirStructsWithNilGoBothWays() {
    TermMapper elixir = TermMapper.builder().structKey(true).emptyOptional(Atom.of("nil")).build();
    User jose = new User("José", Optional.empty(), List.of(Role.MEMBER));
    assertEquals(
        jose, elixir.fromTerm(erlang.eval("peerl_mapping_test:sample_user()"), User.class));
    assertEquals(
        Tuple.of(Binary.of("José"), dev.peerl.codec.ErlList.of(Atom.of("member"))),
        call("user_greeting", elixir.toTerm(jose)));
    User nick = new User("Joseph", Optional.of("Jo"), List.of(Role.ADMIN));
    assertEquals(
        Tuple.of(Binary.of("Jo"), dev.peerl.codec.ErlList.of(Atom.of("admin"))),
        call("user_greeting", elixir.toTerm(nick)));
  }

  @Test
  void charlistsGoBothWays() {
    TermMapper charlists = TermMapper.builder().strings(StringStyle.CHARLIST).build();
    assertEquals("ZOË!", charlists.fromTerm(call("shout", charlists.toTerm("Zoë")), String.class));
  }

  @Test
  void saysWhereAnErlangTermDoesNotFit() {
    Term bad = erlang.eval("peerl_mapping_test:bad_person()");
    TermMappingException e =
        assertThrows(TermMappingException.class, () -> MAPPER.fromTerm(bad, Person.class));
    assertEquals("person.age: expected an integer, got <<\"old\">>", e.getMessage());
  }

  /** {@code {From, Command}}: an untagged pair, as Erlang messages often are. */
  @TermRecord(style = RecordStyle.TUPLE)
  record Request(Pid from, Command command) {}

  /** {@code {kv, Reply}}. */
  record Kv(Reply reply) {}

  @Test
  void anErlangProcessAndAJavaProcessSpeakASealedProtocol() throws Exception {
    String host = BridgeTestNode.hostOf(erlang.node().nodeName());
    try (BridgeTestNode java = BridgeTestNode.start(host, COOKIE)) {
      Map<String, Long> store = new HashMap<>();
      java.node()
          .spawn(
              "kv",
              ctx ->
                  Behaviors.receive(ProcessMessage.class)
                      .onMessage(
                          ProcessMessage.Message.class,
                          m -> {
                            serve(m.body(), store, ctx::send);
                            return Behaviors.same();
                          })
                      .build());
      Term replies =
          erlang.eval(
              "peerl_mapping_test:ask({kv, '"
                  + java.name().name()
                  + "'}, [{put, <<\"a\">>, 1}, {get, <<\"a\">>}, {get, <<\"b\">>, 5},"
                  + " {delete, <<\"a\">>}, {get, <<\"b\">>}])");
      List<Term> answers = ((dev.peerl.codec.ErlList) replies).elements();
      assertEquals(Atom.OK, answers.get(0));
      assertEquals(MAPPER.toTerm(new Value(1)), answers.get(1));
      assertEquals(MAPPER.toTerm(new Value(5)), answers.get(2));
      // A command Java has no record for: a typed error, answered, and the process carries on.
      Tuple error = (Tuple) answers.get(3);
      assertEquals(Atom.ERROR, error.get(0));
      assertTrue(
          ((Binary) error.get(1)).utf8().startsWith("request.command: expected one of {put,"),
          error.toString());
      assertEquals(Atom.of("not_found"), answers.get(4));
    }
  }

  private interface Sender {
    void send(Pid to, Term message);
  }

  private static void serve(Term body, Map<String, Long> store, Sender sender) {
    Request request;
    try {
      request = MAPPER.fromTerm(body, Request.class);
    } catch (TermMappingException e) {
      if (body instanceof Tuple t && t.arity() == 2 && t.get(0) instanceof Pid from) {
        sender.send(from, Tuple.of(Atom.of("kv"), Tuple.of(Atom.ERROR, Binary.of(e.getMessage()))));
      }
      return;
    }
    Reply reply;
    Command command = request.command();
    if (command instanceof Put put) {
      store.put(put.key(), put.value());
      reply = Ack.OK;
    } else if (command instanceof Get get) {
      reply = store.containsKey(get.key()) ? new Value(store.get(get.key())) : Ack.NOT_FOUND;
    } else if (command instanceof GetOr getOr) {
      reply = new Value(store.getOrDefault(getOr.key(), getOr.fallback()));
    } else {
      store.clear();
      reply = Ack.OK;
    }
    sender.send(request.from(), MAPPER.toTerm(new Kv(reply)));
  }
}
