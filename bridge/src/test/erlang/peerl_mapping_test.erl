%%% @doc The Erlang side of the bridge's record mapping interop test
%%% (dev.peerl.bridge.mapping.RecordInteropTest). The records here are the
%%% ones the Java records in Shop.java map to: Erlang matches what Java
%%% sends as records, and builds records for Java to read.
-module(peerl_mapping_test).

-export([greet/1, birthday/1, sample_order/0, order_total/1, run/1,
         person_as_map/1, bad_person/0, user_greeting/1, sample_user/0,
         shout/1, ask/2]).

-record(address, {street, zip}).
-record(person, {name, age, email = undefined, address}).
-record(order_line, {sku, quantity, unit_price, status}).
-record(order, {id, customer, lines = [], tags = #{}}).

%% Matches a person as an Erlang record, with and without an email.
greet(#person{name = Name, age = Age, email = undefined,
              address = #address{zip = Zip}}) when is_binary(Name), is_integer(Age) ->
    unicode:characters_to_binary(io_lib:format("~ts, ~b, no email, zip ~b", [Name, Age, Zip]));
greet(#person{name = Name, age = Age, email = Email}) when is_binary(Email) ->
    unicode:characters_to_binary(io_lib:format("~ts, ~b, ~ts", [Name, Age, Email])).

%% Updates a record with record syntax: Java reads the result.
birthday(#person{age = Age} = Person) ->
    Person#person{age = Age + 1}.

sample_order() ->
    #order{id = 1 bsl 40,
           customer = #person{name = <<"Zoë"/utf8>>, age = 30,
                              email = <<"zoe@example.com">>,
                              address = #address{street = <<"Rue Haute">>, zip = 1000}},
           lines = [#order_line{sku = <<"A-1">>, quantity = 2, unit_price = 9.5,
                                status = in_stock},
                    #order_line{sku = <<"B-2">>, quantity = 1, unit_price = 20.0,
                                status = gone}],
           tags = #{<<"gift">> => 1}}.

order_total(#order{lines = Lines}) ->
    lists:sum([Q * P || #order_line{quantity = Q, unit_price = P, status = S} <- Lines,
                        S =/= gone]).

%% Runs key-value commands ({put, K, V}, {get, K}, {get, K, Default}, flush,
%% stop) over a map, returning the replies ({value, V}, ok, not_found).
run(Commands) -> run(Commands, #{}, []).

run([], _Store, Replies) -> lists:reverse(Replies);
run([stop | _], _Store, Replies) -> lists:reverse([ok | Replies]);
run([flush | Rest], _Store, Replies) -> run(Rest, #{}, [ok | Replies]);
run([{put, K, V} | Rest], Store, Replies) when is_binary(K), is_integer(V) ->
    run(Rest, Store#{K => V}, [ok | Replies]);
run([{get, K} | Rest], Store, Replies) ->
    Reply = case Store of #{K := V} -> {value, V}; _ -> not_found end,
    run(Rest, Store, [Reply | Replies]);
run([{get, K, Default} | Rest], Store, Replies) ->
    run(Rest, Store, [{value, maps:get(K, Store, Default)} | Replies]).

%% The same person as a map keyed by the record's field names.
person_as_map(#person{address = Address} = Person) ->
    Map = record_to_map(Person, record_info(fields, person)),
    Map#{address := record_to_map(Address, record_info(fields, address))}.

record_to_map(Record, Fields) ->
    maps:from_list(lists:zip(Fields, tl(tuple_to_list(Record)))).

%% A person whose age is not an integer: Java must say where.
bad_person() ->
    #person{name = <<"Old">>, age = <<"old">>, address = #address{street = <<>>, zip = 0}}.

%% Matches an Elixir struct (%Shop.User{}) as Elixir code would.
user_greeting(#{'__struct__' := 'Elixir.Shop.User', name := Name, nickname := nil,
                roles := Roles}) ->
    {Name, Roles};
user_greeting(#{'__struct__' := 'Elixir.Shop.User', nickname := Nick, roles := Roles}) ->
    {Nick, Roles}.

sample_user() ->
    #{'__struct__' => 'Elixir.Shop.User', name => <<"José"/utf8>>, nickname => nil,
      roles => [member]}.

%% A charlist in, a charlist out.
shout(Name) when is_list(Name) -> string:uppercase(Name) ++ "!".

%% Sends each command to a Java process as {self(), Command} and collects the
%% replies it sends back as {kv, Reply}.
ask(Server, Commands) ->
    [begin
         Server ! {self(), Command},
         receive {kv, Reply} -> Reply after 10000 -> timeout end
     end || Command <- Commands].
