<!doctype html>
<title>{{ $name }}</title>
<h1>Laravel {{ $version }} on phpod</h1>
