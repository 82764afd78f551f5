%% The erl side of the soak: traffic to and from a Java node, and its connection dropped now and
%% then, until stop/0. Counters (counts/0): {Received, Sent, CallsOk, CallsFailed, Disconnects}.
-module(peerl_soak).
-export([start/4, stop/0, counts/0]).

-define(RECEIVED, 1).
-define(SENT, 2).
-define(CALLS_OK, 3).
-define(CALLS_FAILED, 4).
-define(DISCONNECTS, 5).
-define(STOP, 6).

%% Against node Java: a sink registered as soak_sink counting what arrives; a sender of Batch
%% messages every 10 ms to {soak_sink, Java}; Callers processes calling {soak_echo, Java} one call
%% after the other; and erlang:disconnect_node(Java) every DisconnectMs. Returns the sink's pid.
start(Java, Batch, Callers, DisconnectMs) ->
    C = counters:new(6, [write_concurrency]),
    %% The Java processes link to the sink: it traps their exits, noconnection at each disconnect.
    Sink = spawn(fun() -> register(soak_sink, self()), process_flag(trap_exit, true), sink(C) end),
    Loops = [spawn(fun() -> sender(Java, Batch, 0, C) end),
             spawn(fun() -> disconnector(Java, DisconnectMs, C) end)
             | [spawn(fun() -> caller(Java, 0, C) end) || _ <- lists:seq(1, Callers)]],
    persistent_term:put(?MODULE, {C, Loops}),
    Sink.

%% Stops the traffic; returns once every loop has ended (a call under way ends within 5 s).
stop() ->
    {C, Loops} = persistent_term:get(?MODULE),
    counters:put(C, ?STOP, 1),
    Refs = [erlang:monitor(process, P) || P <- Loops],
    [receive {'DOWN', R, process, _, _} -> ok after 10000 -> exit(soak_loop_still_running) end
     || R <- Refs],
    ok.

counts() ->
    {C, _} = persistent_term:get(?MODULE),
    list_to_tuple([counters:get(C, I) || I <- lists:seq(?RECEIVED, ?DISCONNECTS)]).

stopped(C) ->
    counters:get(C, ?STOP) =:= 1.

sink(C) ->
    receive
        {soak, _} -> counters:add(C, ?RECEIVED, 1), sink(C);
        _ -> sink(C)
    end.

sender(Java, Batch, N, C) ->
    case stopped(C) of
        true -> ok;
        false ->
            [{soak_sink, Java} ! {soak, N + I} || I <- lists:seq(1, Batch)],
            counters:add(C, ?SENT, Batch),
            receive after 10 -> ok end,
            sender(Java, Batch, N + Batch, C)
    end.

caller(Java, N, C) ->
    case stopped(C) of
        true -> ok;
        false ->
            try gen_server:call({soak_echo, Java}, {echo, N}, 5000) of
                {echo, N} -> counters:add(C, ?CALLS_OK, 1)
            catch
                exit:_ ->
                    %% The connection is down, or on its way back: try again a little later.
                    counters:add(C, ?CALLS_FAILED, 1),
                    receive after 50 -> ok end
            end,
            caller(Java, N + 1, C)
    end.

disconnector(Java, Ms, C) ->
    receive after Ms -> ok end,
    case stopped(C) of
        true -> ok;
        false ->
            erlang:disconnect_node(Java),
            counters:add(C, ?DISCONNECTS, 1),
            disconnector(Java, Ms, C)
    end.
