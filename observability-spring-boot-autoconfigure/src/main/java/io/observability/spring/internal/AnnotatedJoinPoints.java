package io.observability.spring.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Whether the methods that Micrometer's {@code AnnotationHandler} searches for a join
 * point carry an annotation of one type on a parameter or on the method itself, searched
 * once per proxy class, target class and method. Micrometer's handler (behind
 * {@code @ObservationKeyValue} and {@code @MeterTag}) runs that search by reflection on
 * every call: the target class's declared method, then every method of every interface of
 * the proxy's class, which for a CGLIB proxy includes Spring's {@code Advised} and its
 * thirty-odd methods. A handler that skips Micrometer's code when this says there is
 * nothing to find gives the same key values or tags at a fraction of the cost.
 * <p>
 * Not an API: used by the starter's annotation handlers only.
 *
 * @author Observability Spring Boot contributors
 * @since 0.1.0
 */
public final class AnnotatedJoinPoints {

	private static final Annotated UNKNOWN = new Annotated(true, true);

	private final Class<? extends Annotation> annotationType;

	private final Map<Site, Annotated> sites = new ConcurrentHashMap<>();

	/**
	 * Create an instance for one annotation type.
	 * @param annotationType the (repeatable) annotation Micrometer's handler looks for
	 */
	public AnnotatedJoinPoints(Class<? extends Annotation> annotationType) {
		this.annotationType = annotationType;
	}

	/**
	 * Return whether Micrometer's handler may find the annotation on a parameter of the
	 * join point's method: {@code false} only when a search found none.
	 * @param pjp the join point
	 * @return whether to let Micrometer's handler look at the parameters
	 */
	public boolean onParameters(ProceedingJoinPoint pjp) {
		return annotated(pjp).parameters();
	}

	/**
	 * Return whether Micrometer's handler may find the annotation on the join point's
	 * method, for its result: {@code false} only when a search found none.
	 * @param pjp the join point
	 * @return whether to let Micrometer's handler look at the method
	 */
	public boolean onMethod(ProceedingJoinPoint pjp) {
		return annotated(pjp).method();
	}

	/**
	 * Return how many join point sites were searched.
	 * @return the number of sites
	 */
	public int searchedSites() {
		return this.sites.size();
	}

	private Annotated annotated(ProceedingJoinPoint pjp) {
		Object proxy = pjp.getThis();
		Object target = pjp.getTarget();
		if (proxy == null || target == null || !(pjp.getSignature() instanceof MethodSignature signature)) {
			return UNKNOWN;
		}
		Site site = new Site(proxy.getClass(), target.getClass(), signature.getMethod());
		Annotated annotated = this.sites.get(site);
		return (annotated != null) ? annotated : this.sites.computeIfAbsent(site, this::search);
	}

	private Annotated search(Site site) {
		try {
			boolean parameters = false;
			boolean method = false;
			for (Method searched : searchedMethods(site)) {
				method |= searched.getAnnotationsByType(this.annotationType).length > 0;
				for (Parameter parameter : searched.getParameters()) {
					parameters |= parameter.getAnnotationsByType(this.annotationType).length > 0;
				}
			}
			return new Annotated(parameters, method);
		}
		catch (RuntimeException | LinkageError ex) {
			// Micrometer's handler reports what it cannot read, on every call
			return UNKNOWN;
		}
	}

	// The methods Micrometer's AnnotationHandler reads: the target class's declared
	// method
	// (the signature's when the target class inherits it), and the methods of the same
	// name
	// and parameter types of the interfaces of the proxy's class
	private static List<Method> searchedMethods(Site site) {
		List<Method> methods = new ArrayList<>();
		Method method = site.method();
		try {
			method = site.targetClass().getDeclaredMethod(method.getName(), method.getParameterTypes());
		}
		catch (NoSuchMethodException ex) {
			// Inherited
		}
		methods.add(method);
		for (Class<?> implemented : site.proxyClass().getInterfaces()) {
			for (Method candidate : implemented.getMethods()) {
				if (candidate.getName().equals(method.getName())
						&& Arrays.equals(candidate.getParameterTypes(), method.getParameterTypes())) {
					methods.add(candidate);
				}
			}
		}
		return methods;
	}

	/**
	 * What decides where Micrometer's handler looks: the class of the join point's
	 * {@code this} (whose interfaces it searches), the target's class (whose declared
	 * method it prefers) and the method of the join point's signature.
	 */
	private record Site(Class<?> proxyClass, Class<?> targetClass, Method method) {

	}

	private record Annotated(boolean parameters, boolean method) {

	}

}
