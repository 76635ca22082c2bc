<?php
use Illuminate\Http\Request;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\Log;
use Illuminate\Support\Facades\Route;
use Illuminate\Support\Facades\Storage;

// A Blade view: compiled into storage/framework/views.
Route::get('/', fn () => view('welcome', ['name' => config('app.name'), 'version' => app()->version()]));

// A file session in storage/framework/sessions.
Route::get('/visits', function (Request $request) {
    $n = $request->session()->get('visits', 0) + 1;
    $request->session()->put('visits', $n);
    return response("visits $n\n", 200, ['Content-Type' => 'text/plain']);
});

// The public disk: storage/app/public, served by nginx at /storage through public/storage.
Route::post('/avatars', function (Request $request) {
    $name = basename((string) $request->query('name', 'avatar.txt'));
    Storage::disk('public')->put('avatars/' . $name, $request->getContent());
    Log::info('stored avatar ' . $name);
    Cache::put('last-avatar', $name);
    return response(Storage::disk('public')->url('avatars/' . $name) . "\n", 201, ['Content-Type' => 'text/plain']);
});

Route::get('/last-avatar', fn () => response(Cache::get('last-avatar', 'none') . "\n", 200, ['Content-Type' => 'text/plain']));

Route::get('/users/{id}', fn (string $id) => response("user $id\n", 200, ['Content-Type' => 'text/plain']));
