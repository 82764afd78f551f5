%% Sample 1, the Erlang side: pings the Java process pong, then has the Java process pinger ping an
%% Erlang process.
-module(ping_pong).
-export([run/1]).

run(JavaNode) ->
    %% Erlang pings Java: {ping, From, N} to the registered Java process, {pong, N} back.
    Pongs = [ping({pong, JavaNode}, N) || N <- [1, 2, 3]],
    %% Java pings Erlang: an Erlang pong process, and the Java pinger told to play 3 rounds.
    Pong = spawn(fun pong/0),
    {pinger, JavaNode} ! {play, Pong, 3, self()},
    Played = receive {played, Rounds} -> Rounds after 10000 -> timeout end,
    exit(Pong, done),
    {Pongs, {played, Played}}.

ping(Dest, N) ->
    Dest ! {ping, self(), N},
    receive {pong, N} = Pong -> Pong after 10000 -> {timeout, N} end.

pong() ->
    receive
        {ping, From, N} ->
            io:format("erlang: ping ~p from ~p~n", [N, From]),
            From ! {pong, N},
            pong()
    end.
