%% Helpers for the pg interop tests: processes that join and leave groups on command, and a wait
%% for a condition with a deadline.
-module(peerl_pg_test).
-export([member/1, member/2, leave/1, stop/1, await/2, sorted/1]).

%% A process that joins Group of the default scope, then leaves it or stops when told.
member(Group) ->
    member(pg, Group).

%% The same in Scope.
member(Scope, Group) ->
    Parent = self(),
    Pid = spawn(fun() ->
                        ok = pg:join(Scope, Group, self()),
                        Parent ! {joined, self()},
                        loop(Scope, Group)
                end),
    receive {joined, Pid} -> Pid after 10000 -> error(member_did_not_join) end.

loop(Scope, Group) ->
    receive
        {leave, From} ->
            From ! {left, pg:leave(Scope, Group, self())},
            loop(Scope, Group);
        stop ->
            ok
    end.

leave(Pid) ->
    Pid ! {leave, self()},
    receive {left, Result} -> Result after 10000 -> error(member_did_not_leave) end.

stop(Pid) ->
    Ref = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', Ref, process, Pid, _} -> ok after 10000 -> error(member_did_not_stop) end.

%% Fun() until it returns Expected or 10 s have passed; the last value.
await(Fun, Expected) ->
    await(Fun, Expected, erlang:monotonic_time(millisecond) + 10000).

await(Fun, Expected, Deadline) ->
    case Fun() of
        Expected ->
            Expected;
        Other ->
            case erlang:monotonic_time(millisecond) > Deadline of
                true -> Other;
                false -> receive after 10 -> await(Fun, Expected, Deadline) end
            end
    end.

sorted(List) -> lists:sort(List).
