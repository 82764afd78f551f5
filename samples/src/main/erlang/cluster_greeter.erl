%% Sample 5, the Erlang side: Erlang greeters in the pg group erl_greeters, which the Java members
%% of the Pekko Cluster call through the Receptionist, and calls from erl to the Java greeters in
%% the pg group greeters. Every greeter answers {greet, From, Name} with
%% From ! {greeting, node(), <<"hello ", Name/binary>>}.
-module(cluster_greeter).
-export([start/0, java_greeters/0, await_java_greeters/1, greet_all/1, watch/2]).

%% Starts an Erlang greeter in erl_greeters (and the pg scope if the node runs none); its pid.
start() ->
    ok = ensure_pg(),
    Parent = self(),
    Pid = spawn(fun() -> ok = pg:join(erl_greeters, self()), Parent ! {joined, self()}, loop() end),
    receive {joined, Pid} -> Pid after 10000 -> error(greeter_did_not_join) end.

loop() ->
    receive
        {greet, From, Name} ->
            io:format("erl greeter on ~s greets ~s~n", [node(), Name]),
            From ! {greeting, node(), <<"hello ", Name/binary>>},
            loop();
        stop ->
            ok
    end.

%% The nodes of the Java greeters in pg's greeters, sorted.
java_greeters() ->
    lists:sort([node(P) || P <- pg:get_members(greeters)]).

%% Waits up to 20 s until there are N Java greeters; their nodes.
await_java_greeters(N) ->
    await_java_greeters(N, erlang:monotonic_time(millisecond) + 20000).

await_java_greeters(N, Deadline) ->
    case java_greeters() of
        Nodes when length(Nodes) =:= N -> Nodes;
        Nodes ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> Nodes;
                false -> receive after 50 -> await_java_greeters(N, Deadline) end
            end
    end.

%% Greets every Java greeter as Name; their answers {JavaNode, Text}, sorted.
greet_all(Name) ->
    Members = pg:get_members(greeters),
    [P ! {greet, self(), Name} || P <- Members],
    lists:sort([receive {greeting, Node, Text} -> {Node, Text} after 10000 -> timeout end
                || _ <- Members]).

%% For scripts/sample.sh: connects to the Java members, and reports their greeters and what they
%% answer into KillFile (the script prints it, then kills a JVM and an erl node); then reports them
%% again, on standard output, once the killed JVM's greeter has left.
watch(JavaNodes, KillFile) ->
    ok = ensure_pg(),
    [net_adm:ping(J) || J <- JavaNodes],    % the Java pg scopes then discover ours
    ok = file:write_file(KillFile, report(length(JavaNodes))),
    io:put_chars(report(length(JavaNodes) - 1)).

report(N) ->
    Seen = io_lib:format("erl sees Java greeters on ~p~n", [await_java_greeters(N)]),
    Answers = [io_lib:format("erl got ~p from ~s~n", [Text, Node])
               || {Node, Text} <- greet_all(<<"erl">>)],
    [Seen | Answers].

ensure_pg() ->
    case whereis(pg) of
        undefined -> {ok, _} = pg:start(pg), ok;
        _ -> ok
    end.
