%% Helpers for the cluster bridge's interop tests: members of a pg group that answer pings, and the
%% nodes of a group's members.
-module(peerl_cluster_test).
-export([pinger/1, member_nodes/1, send_all/2]).

%% A process that joins Group of the default scope and answers {ping, From} with
%% From ! {pong, self()}; it stops on stop (peerl_pg_test:stop/1).
pinger(Group) ->
    Parent = self(),
    Pid = spawn(fun() ->
                        ok = pg:join(Group, self()),
                        Parent ! {joined, self()},
                        loop()
                end),
    receive {joined, Pid} -> Pid after 10000 -> error(pinger_did_not_join) end.

loop() ->
    receive
        {ping, From} -> From ! {pong, self()}, loop();
        stop -> ok
    end.

%% The nodes of Group's members, sorted (a node twice if it has two members).
member_nodes(Group) -> lists:sort([node(P) || P <- pg:get_members(Group)]).

%% Message to every member of Group; how many got it.
send_all(Group, Message) -> length([P ! Message || P <- pg:get_members(Group)]).
