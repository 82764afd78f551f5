%% Sample 2, the Erlang side: calls and casts the Java gen_server kv.
-module(kv_client).
-export([run/1]).

run(JavaNode) ->
    Kv = {kv, JavaNode},
    ok = gen_server:call(Kv, {put, erlang, <<"calls from erl">>}),
    {ok, <<"calls from erl">>} = gen_server:call(Kv, {get, erlang}),
    ok = gen_server:call(Kv, {put, temporary, 1}),
    ok = gen_server:cast(Kv, {delete, temporary}),
    not_found = gen_server:call(Kv, {get, temporary}),  % the cast came first: same sender
    {error, {bad_request, _}} = gen_server:call(Kv, {frobnicate, 1}),
    lists:sort(gen_server:call(Kv, keys)).
