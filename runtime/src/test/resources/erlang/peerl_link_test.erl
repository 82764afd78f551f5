%% Helpers for the link and monitor interop tests: agents, processes that run what they are told
%% (so that links and monitors are theirs) and keep every other message, 'EXIT' and 'DOWN' included.
-module(peerl_link_test).
-export([agent/2, do/2, exit_with/2, wait/2]).

%% A process registered as Name, trapping exits when Trap.
agent(Name, Trap) ->
    Parent = self(),
    Pid = spawn(fun() ->
                        register(Name, self()),
                        process_flag(trap_exit, Trap),
                        Parent ! {registered, self()},
                        loop([], [])
                end),
    receive {registered, Pid} -> Pid after 5000 -> error(agent_timeout) end.

%% Runs Fun in agent Name; its result.
do(Name, Fun) ->
    Name ! {'$do', self(), Fun},
    receive {'$done', R} -> R after 5000 -> timeout end.

%% Agent Name exits with Reason; returns once it is dead.
exit_with(Name, Reason) ->
    Pid = whereis(Name),
    Ref = erlang:monitor(process, Pid),
    Pid ! {'$exit', Reason},
    receive {'DOWN', Ref, process, Pid, _} -> ok after 5000 -> timeout end.

%% The messages of agent Name once it has at least N, or timeout.
wait(Name, N) ->
    Name ! {'$wait', self(), N},
    receive {'$inbox', L} -> L after 10000 -> {timeout, Name} end.

loop(Msgs, Waiters) ->
    receive
        {'$do', From, Fun} -> From ! {'$done', Fun()}, loop(Msgs, Waiters);
        {'$exit', Reason} -> exit(Reason);
        {'$wait', From, N} -> notify(Msgs, [{From, N} | Waiters]);
        M -> notify([M | Msgs], Waiters)
    end.

notify(Msgs, Waiters) ->
    Ready = [W || {_, N} = W <- Waiters, length(Msgs) >= N],
    [From ! {'$inbox', lists:reverse(Msgs)} || {From, _} <- Ready],
    loop(Msgs, Waiters -- Ready).
