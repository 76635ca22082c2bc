<?php
namespace App;

use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

class Kernel extends BaseKernel
{
    use MicroKernelTrait;

    public function registerBundles(): iterable
    {
        yield new \Symfony\Bundle\FrameworkBundle\FrameworkBundle();
    }

    protected function configureContainer(ContainerConfigurator $container): void
    {
        // Sessions through PHP's own handler: session.save_path from php.ini.
        $container->extension('framework', [
            'secret' => 'phpod-e2e',
            'session' => ['handler_id' => null, 'storage_factory_id' => 'session.storage.factory.native'],
        ]);
    }

    protected function configureRoutes(RoutingConfigurator $routes): void
    {
        $routes->add('home', '/')->controller([$this, 'home']);
        $routes->add('hello', '/hello/{name}')->controller([$this, 'hello']);
        $routes->add('visits', '/visits')->controller([$this, 'visits']);
    }

    public function home(): Response
    {
        $warm = is_file($this->getCacheDir() . '/phpod-warmed-at-build') ? 'warm' : 'cold';
        return new Response("Symfony " . self::VERSION . " on phpod, cache $warm\n", 200, ['Content-Type' => 'text/plain']);
    }

    public function hello(string $name): Response
    {
        file_put_contents($this->getLogDir() . '/hello.log', $name . "\n", FILE_APPEND);
        return new Response("hello $name\n", 200, ['Content-Type' => 'text/plain']);
    }

    public function visits(Request $request): Response
    {
        $session = $request->getSession();
        $n = $session->get('visits', 0) + 1;
        $session->set('visits', $n);
        return new Response("visits $n\n", 200, ['Content-Type' => 'text/plain']);
    }
}
