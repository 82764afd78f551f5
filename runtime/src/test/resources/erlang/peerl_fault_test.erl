%% Helpers for the fault tests: keepers, processes that keep every message they receive, one of
%% them at a chosen pid, so that a test can tell a message to an old incarnation's pid of the same
%% numbers from one to the live process.
-module(peerl_fault_test).
-export([keeper/0, keeper_at/2, inbox/1, spawn_many/1, echo/1]).

%% A process that keeps every message until asked for them with inbox/1.
keeper() ->
    spawn(fun() -> keep([]) end).

%% A keeper with the local pid <0.Id.Serial>. Pids are handed out in order: keepers are spawned,
%% and all but that one killed, until the counter reaches it; an error if it has passed it.
keeper_at(Id, Serial) ->
    P = keeper(),
    case numbers(P) of
        {Id, Serial} -> P;
        {I, S} when {S, I} < {Serial, Id} -> exit(P, kill), keeper_at(Id, Serial);
        Passed -> exit(P, kill), error({passed, Passed})
    end.

%% The messages keeper P has received, oldest first.
inbox(P) ->
    P ! {'$inbox', self()},
    receive {'$inbox', P, Msgs} -> Msgs after 5000 -> timeout end.

%% Spawns N processes that end at once: the pid counter moves on by N.
spawn_many(N) ->
    [spawn(fun() -> ok end) || _ <- lists:seq(1, N)],
    ok.

%% A process registered as Name that answers {From, Msg} with Msg.
echo(Name) ->
    Pid = spawn(fun Loop() -> receive {From, M} -> From ! M, Loop() end end),
    register(Name, Pid),
    Pid.

keep(Msgs) ->
    receive
        {'$inbox', From} -> From ! {'$inbox', self(), lists:reverse(Msgs)}, keep(Msgs);
        M -> keep([M | Msgs])
    end.

numbers(P) ->
    ["0", I, S] = string:lexemes(pid_to_list(P) -- "<>", "."),
    {list_to_integer(I), list_to_integer(S)}.
