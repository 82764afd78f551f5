%% An EPMD module (erl -epmd_module peerl_fixed_epmd) that registers nowhere and finds every node
%% at the port in $PEERL_JAVA_PORT: it lets a test start a node under the name of a live node
%% (a restart while the old incarnation still holds the name in EPMD) that dials one Java node.
-module(peerl_fixed_epmd).
-export([start_link/0, register_node/2, register_node/3, listen_port_please/2,
         port_please/2, port_please/3, address_please/3, names/0, names/1]).

start_link() -> ignore.

register_node(Name, Port) -> register_node(Name, Port, inet_tcp).
register_node(_Name, _Port, _Driver) -> {ok, 4 + rand:uniform(16#7ffffff0)}.

listen_port_please(_Name, _Host) -> {ok, 0}.

port_please(Name, Host) -> port_please(Name, Host, infinity).
port_please(_Name, _Host, _Timeout) -> {port, java_port(), 6}.

address_please(_Name, Host, Family) ->
    case inet:getaddr(Host, Family) of
        {ok, Ip} -> {ok, Ip, java_port(), 6};
        Error -> Error
    end.

names() -> {error, address}.
names(_Host) -> {error, address}.

java_port() -> list_to_integer(os:getenv("PEERL_JAVA_PORT")).
